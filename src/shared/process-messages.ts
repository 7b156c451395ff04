/** Messages between the processes of one machine (the cluster channel): each names its type. */
export const isMessageOfType = <M extends { type: string }>(message: unknown, type: M['type']): message is M =>
  (message as { type?: unknown } | null)?.type === type;
