/** An HTTP answer as tests read it: the status, the body parsed when it is JSON, and the text as sent. */
export interface Answer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers by path; a wrong shape fails the assertion reading it
  readonly body: any;
  readonly text: string;
}

export const answerOf = async (response: Response): Promise<Answer> => {
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text), text };
  } catch {
    // not JSON: keep the text
    return { status: response.status, body: text, text };
  }
};
