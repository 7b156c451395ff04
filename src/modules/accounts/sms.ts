/**
 * Where one-time sign-in codes are sent. A province plugs in its SMS gateway (`createDeps(config, { smsSender })`);
 * the built-in sender writes the message to the server's log instead, for development (SPEC §2).
 */
export interface SmsSender {
  send(phone: string, text: string): Promise<void>;
}

export const logSmsSender = (write: (line: string) => void): SmsSender => ({
  async send(phone, text) {
    write(`[sms] to ${phone}: ${text}`);
  },
});
