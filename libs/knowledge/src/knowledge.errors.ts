import { DomainError, ErrorCode } from '@desk/common';
import { ArticleStatus } from './entities/kb-article.entity';

export const KnowledgeErrors = {
  notFound: () => DomainError.notFound('Article'),
  invalidTransition: (action: string, status: ArticleStatus) =>
    new DomainError(ErrorCode.InvalidTransition, `Cannot ${action} an article whose status is '${status}'`, {
      currentStatus: status,
    }),
  stale: (current: number) =>
    new DomainError(
      ErrorCode.StaleVersion,
      `The article was changed by someone else (current version ${current}); reload it`,
      { currentVersion: current },
    ),
  notAllowed: (what: string) => DomainError.forbidden(`You may not ${what}`),
  alreadyVoted: () => new DomainError(ErrorCode.Conflict, 'You already said whether this article helped'),
  ticketNotResolved: (status: string) =>
    new DomainError(
      ErrorCode.InvalidTransition,
      `Only a resolved or closed ticket becomes an article; this ticket's status is '${status}'`,
      { currentStatus: status },
    ),
};
