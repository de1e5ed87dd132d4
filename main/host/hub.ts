/**
 * Starts the hall hub inside this process ("this workstation hosts the hall"). The hub is
 * its own module (main/hub); it is loaded lazily so a workstation that talks to a remote
 * hub never loads the hub's server code.
 */
export async function startEmbeddedHub(opts: { dataDir: string; demo: boolean; testClock?: boolean }): Promise<{ url: string; close(): Promise<void> }> {
  const { startHub } = await import('../hub/index');
  return startHub({ port: 0, dataDir: opts.dataDir, demo: opts.demo, testClock: opts.testClock === true });
}
