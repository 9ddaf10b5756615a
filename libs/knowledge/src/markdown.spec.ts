import { markdownToText, renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders the usual Markdown', () => {
    expect(renderMarkdown('# Judul\n\n- satu\n- **dua**\n\n`kode`')).toBe(
      '<h1>Judul</h1>\n<ul>\n<li>satu</li>\n<li><strong>dua</strong></li>\n</ul>\n<p><code>kode</code></p>\n',
    );
  });

  it.each([
    ['<script>alert(1)</script>', /<script/i],
    ['<img src=x onerror=alert(1)>', /<img/i],
    ['[x](javascript:alert(1))', /<a /i],
    ['[x](vbscript:msgbox(1))', /<a /i],
    ['![x](data:image/svg+xml;base64,PHN2Zz4=)', /<img/i],
    ['<a href="javascript:alert(1)">x</a>', /<a /i],
  ])('leaves no live element for %p', (input, element) => {
    expect(renderMarkdown(input)).not.toMatch(element);
  });

  it('adds rel to links and keeps safe ones', () => {
    expect(renderMarkdown('[panduan](https://desk.example/a)')).toBe(
      '<p><a href="https://desk.example/a" rel="noopener noreferrer nofollow">panduan</a></p>\n',
    );
  });
});

describe('markdownToText', () => {
  it('gives the plain text', () => {
    expect(markdownToText('# Judul\n\nTeks **tebal** & <b>x</b>')).toBe('Judul Teks tebal & <b>x</b>');
  });
});
