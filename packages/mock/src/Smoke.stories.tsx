import type { Meta, StoryObj } from '@storybook/react-vite';

const meta = { title: 'Smoke', component: () => <p>hello</p> } satisfies Meta;
export default meta;
/** x */
export const Hello: StoryObj<typeof meta> = {};
