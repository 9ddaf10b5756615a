import type {
  ArticleKindName,
  ArticleStatusName,
  KbArticle,
  KbArticlePage,
  KbArticleSummary,
  KbRevision,
  KbRevisionDiff,
  KbSearchResult,
} from '@desk/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { request } from './client';

/** `value`, settled: it changes only after `ms` without a new value (typing pauses). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Published articles for a half-typed ticket title (GET /kb/suggest). */
export function useKbSuggest(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: ['kb', 'suggest', text],
    queryFn: ({ signal }) => request<KbSearchResult>('/kb/suggest', { query: { q: text, limit: 3 }, signal }),
    enabled: text.length >= 3,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useKbSearch(q: string, filter: { category?: string | null; kind?: ArticleKindName | null }) {
  const text = q.trim();
  return useQuery({
    queryKey: ['kb', 'search', text, filter],
    queryFn: ({ signal }) =>
      request<KbSearchResult>('/kb/search', {
        query: { q: text, category: filter.category, kind: filter.kind },
        signal,
      }),
    enabled: text.length > 0,
    placeholderData: keepPreviousData,
  });
}

export function useKbArticles(filter: {
  status?: ArticleStatusName | null;
  category?: string | null;
  mine?: boolean;
  reviewDue?: boolean;
}) {
  return useQuery({
    queryKey: ['kb', 'articles', filter],
    queryFn: ({ signal }) =>
      request<KbArticlePage>('/kb/articles', {
        query: {
          status: filter.status,
          category: filter.category,
          mine: filter.mine || undefined,
          reviewDue: filter.reviewDue || undefined,
          limit: 100,
        },
        signal,
      }),
  });
}

export function useKbArticle(id: string | undefined) {
  return useQuery({
    queryKey: ['kb', 'article', id],
    queryFn: () => request<KbArticle>(`/kb/articles/${id}`),
    enabled: !!id,
    staleTime: 60_000,
  });
}

export function useKbRevisions(id: string | undefined) {
  return useQuery({
    queryKey: ['kb', 'article', id, 'revisions'],
    queryFn: () => request<KbRevision[]>(`/kb/articles/${id}/revisions`),
    enabled: !!id,
  });
}

export function useKbDiff(id: string | undefined, revision: number | null) {
  return useQuery({
    queryKey: ['kb', 'article', id, 'diff', revision],
    queryFn: () => request<KbRevisionDiff>(`/kb/articles/${id}/revisions/${revision}/diff`),
    enabled: !!id && !!revision,
  });
}

export function useTicketArticles(ticketId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['kb', 'ticket', ticketId],
    queryFn: () => request<KbArticleSummary[]>(`/kb/tickets/${ticketId}/articles`),
    enabled,
  });
}

/** Article actions; every success refreshes the knowledge-base queries. */
export function useKbMutation<TInput, TResult = KbArticle>(fn: (input: TInput) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['kb'] }),
  });
}

export const kbApi = {
  feedback: (id: string, helpful: boolean) =>
    request<KbArticle>(`/kb/articles/${id}/feedback`, { method: 'POST', body: { helpful } }),
  deflect: (id: string, ticketTitle: string) =>
    request<{ deflections: number }>(`/kb/articles/${id}/deflections`, {
      method: 'POST',
      body: ticketTitle.trim() ? { ticketTitle: ticketTitle.trim().slice(0, 200) } : {},
    }),
  act: (id: string, action: 'submit' | 'publish' | 'archive') =>
    request<KbArticle>(`/kb/articles/${id}/${action}`, { method: 'POST' }),
  fromTicket: (ticketId: string) =>
    request<KbArticle>(`/kb/articles/from-ticket/${ticketId}`, { method: 'POST' }),
  linkTicket: (id: string, ticketId: string) =>
    request<KbArticle>(`/kb/articles/${id}/tickets`, { method: 'POST', body: { ticketId } }),
  preview: (body: string) => request<{ html: string }>('/kb/preview', { method: 'POST', body: { body } }),
};
