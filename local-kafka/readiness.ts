import { brokerIdsSeenBy } from './metadata-probe.ts';

export interface WaitForBrokersOptions {
  /** Ports of brokers to ask, each on its own; every one of them must list every expected id. */
  askPorts: number[];
  expectedIds: number[];
  timeoutMs: number;
  /** Throws to give up early, e.g. when a JVM exited during startup. */
  checkAbort: () => void;
  describeFailure: (reason: string) => string;
}

/**
 * Waits until each asked broker answers Metadata and lists all expected brokers. Asking each
 * broker directly means a stale registration (a killed broker still listed by the others
 * until its session expires) cannot pass for a broker that is back.
 */
export async function waitForBrokers(options: WaitForBrokersOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    options.checkAbort();
    const problems = await Promise.all(
      options.askPorts.map((port) => problemWith(port, options.expectedIds)),
    );
    const problem = problems.find((p) => p !== undefined);
    if (problem === undefined) return;
    lastProblem = problem;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(options.describeFailure(`not ready after ${options.timeoutMs / 1000} s: ${lastProblem}`));
}

async function problemWith(port: number, expectedIds: number[]): Promise<string | undefined> {
  try {
    const listed = await brokerIdsSeenBy(port);
    const missing = expectedIds.filter((id) => !listed.includes(id));
    if (missing.length === 0) return undefined;
    return `127.0.0.1:${port} lists brokers [${listed.join(', ')}], missing [${missing.join(', ')}]`;
  } catch (error) {
    return `127.0.0.1:${port}: ${(error as Error).message}`;
  }
}
