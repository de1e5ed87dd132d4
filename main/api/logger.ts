/** Where the workstation's services write what an operator may need to read later. */
export interface Logger {
  info(msg: string): void;
  error(msg: string): void;
}

export const consoleLog: Logger = { info: (m) => console.log(m), error: (m) => console.error(m) };
