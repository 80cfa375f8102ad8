/** An HTTP answer as tests read it: the status and the body, parsed when it is JSON. */
export interface Answer {
  readonly status: number;
  readonly body: any;
}

export const answerOf = async (response: Response): Promise<Answer> => {
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    // not JSON: keep the text
    return { status: response.status, body: text };
  }
};
