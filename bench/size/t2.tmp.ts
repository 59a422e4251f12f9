export * from '@simstream/client';
export * from '@simstream/react';
