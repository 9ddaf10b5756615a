/**
 * The knowledge base: articles in Markdown (rendered and sanitised), their review lifecycle,
 * revisions, feedback, deflection, links with tickets, and Indonesian search and suggest.
 */
export * from './article-access';
export * from './dto';
export * from './entities';
export * from './kb-article.repository';
export * from './knowledge-search.service';
export * from './knowledge.errors';
export * from './knowledge.module';
export * from './knowledge.service';
export * from './markdown';
