/**
 * The knowledge base: articles in Markdown (rendered and sanitised), their review lifecycle,
 * revisions, feedback, deflection, links with tickets, and Indonesian search and suggest.
 */
export * from './article-access';
export * from './article-feedback.service';
export * from './article-history.service';
export * from './article-tickets.service';
export * from './dto';
export * from './entities';
export * from './kb-article-records.repository';
export * from './kb-article.repository';
export * from './kb-search-pool';
export * from './kb-search.repository';
export * from './knowledge-search.service';
export * from './knowledge.errors';
export * from './knowledge.module';
export * from './knowledge.service';
export * from './markdown';
