import { Typography } from '@mantine/core';

/**
 * An article body. The api renders Markdown and sanitises the HTML (no script, handler or unsafe
 * URL survives), so it is inserted as is.
 */
export function ArticleHtml({ html, testId }: { html: string; testId?: string }) {
  return (
    <Typography>
      <div className="kb-article" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}

/** A search snippet: escaped text whose matches the api wrapped in <mark>. */
export function Snippet({ html }: { html: string }) {
  return <span className="kb-snippet" dangerouslySetInnerHTML={{ __html: html }} />;
}
