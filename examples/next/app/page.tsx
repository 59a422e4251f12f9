import { Simulation } from './Simulation';

// A server component: it renders the kit on the server (the kit's entry points are
// 'use client' and touch no window at import), then the browser hydrates and goes live.
export default async function Page({
  searchParams,
}: {
  searchParams: Promise<{ server?: string; sim?: string }>;
}) {
  const { server = 'http://localhost:17170', sim = 'test-sim-123' } = await searchParams;
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-4 p-6">
      <h1 className="text-2xl font-semibold">Simulation {sim}</h1>
      <Simulation serverUrl={server} simulationId={sim} />
    </main>
  );
}
