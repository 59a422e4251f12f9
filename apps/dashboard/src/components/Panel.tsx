import type { ReactNode } from 'react';

/**
 * A titled card section; the heading labels the region for screen-reader navigation.
 *
 * @example
 * <Panel id="feed" title="Events"><EventFeed simulationId={id} /></Panel>
 */
export function Panel({
  id,
  title,
  actions,
  children,
  className = '',
}: {
  id: string;
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section
      aria-labelledby={`${id}-heading`}
      className={`flex min-w-0 flex-col gap-3 rounded-lg border border-ss-border bg-ss-background p-4 ${className}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${id}-heading`} className="text-base font-semibold">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
