import type { Socket } from 'node:net';
import { PROBLEM_TYPE_BASE } from '../errors';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem-details';

/**
 * Answers what Node's HTTP parser refuses before any route runs, as problem details like every other error:
 * request line or headers over the server's limit -> 431 (RFC 6585 §5), anything else malformed -> 400. The socket
 * is all there is at this point, so the response is written raw and the connection closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const problem: ProblemDetails = tooLarge
    ? {
        type: `${PROBLEM_TYPE_BASE}request-header-fields-too-large`,
        title: 'The request line or headers are too large',
        status: 431,
        detail: 'Send a shorter URL (query string) or fewer header bytes',
      }
    : {
        type: `${PROBLEM_TYPE_BASE}bad-request`,
        title: 'The request could not be processed',
        status: 400,
        detail: 'The HTTP request is malformed',
      };
  const body = JSON.stringify(problem);
  const reason = tooLarge ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${problem.status} ${reason}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
