import type { Attachment, Problem } from '@desk/contracts';
import { ApiError, authHeaders, buildUrl } from './client';

/**
 * Multipart upload of one attachment with progress. fetch() cannot report upload progress, so this
 * one call uses XMLHttpRequest; everything else goes through `request`.
 */
export function uploadAttachment(
  ticketId: string,
  file: File,
  options: { internal?: boolean; onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<Attachment> {
  return uploadFile<Attachment>(`/tickets/${ticketId}/attachments`, file, options);
}

/** Multipart upload of one file (field `file`) to `path`, with progress. */
export function uploadFile<T>(
  path: string,
  file: File,
  options: { internal?: boolean; onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl(path));
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) options.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* empty or not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(1);
        resolve(body as T);
      } else {
        const problem = body && typeof body === 'object' && 'status' in body ? (body as Problem) : null;
        reject(new ApiError(xhr.status, problem));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, null, true));
    xhr.ontimeout = () => reject(new ApiError(0, null, true));
    options.signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    if (options.internal) form.append('internal', 'true');
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
