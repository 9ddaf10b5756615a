export * from './article.dto';
export * from './article-query.dto';
export * from './article.view';
