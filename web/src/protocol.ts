/** The playground's own messages between the page and its worker (LSP itself goes over a MessagePort). */
export type ToWorker =
  /** Start the server on `port`; `assets` is the folder the page was served from (the .wasm files are there). */
  | { type: 'start'; port: MessagePort; assets: string; preview: boolean }
  /** Preview rules on or off: the configuration the server reads next (it is told to re-read it over LSP). */
  | { type: 'preview'; on: boolean };

export type FromWorker =
  /** The bash parser loaded (error null) or could not be (the fast shell reader stands in). */
  { type: 'shell-parser'; error: string | null };
