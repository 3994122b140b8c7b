import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.js';
import { articleLengthMax, articleText } from './text.js';

describe('articleText', () => {
  it('keeps plain text as it is, with CR LF and lone CR as LF and no byte-order mark', () => {
    expect(articleText('\uFEFFOne.\r\nTwo.\rThree.  ', 'text')).toEqual({ text: 'One.\nTwo.\nThree.  ' });
  });

  it('reduces HTML to text: scripts, styles and navigation dropped, blocks as line breaks, entities decoded', () => {
    const html = `<!DOCTYPE html><html><head><title>Aid &amp; arms</title>
      <meta property="article:published_time" content="2025-07-15T09:30:00Z"><style>p{color:red}</style></head>
      <body><nav><a href="/">Home</a> | <a href="/world">World</a></nav><script>var x = "<p>no</p>";</script>
      <h1>Allies   pay</h1><p>NATO&rsquo;s chief said&nbsp;the U.S.<br>would send arms.</p><!-- comment -->
      <p>&ldquo;It is a deal,&rdquo; he said &#8212; and &#x20AC;1.2bn&hellip;</p></body></html>`;
    const result = articleText(html, 'html');
    expect(result.title).toBe('Aid & arms');
    expect(result.published).toBe('2025-07-15');
    expect(result.text).toBe('Allies pay\n\nNATO\u2019s chief said the U.S.\nwould send arms.\n\n\u201CIt is a deal,\u201D he said \u2014 and \u20AC1.2bn\u2026');
    expect(result.text).not.toMatch(/Home|var x|color/);
  });

  it('takes the date of a <time datetime> when no meta gives one, and the <h1> when there is no <title>', () => {
    const result = articleText('<article><h1>Headline</h1><time datetime="2024-02-29">29 Feb</time><p>Text.</p></article>', 'html');
    expect(result).toEqual({ text: 'Headline\n\n29 Feb\n\nText.', title: 'Headline', published: '2024-02-29' });
    expect(articleText('<time datetime="2025-02-30">x</time>', 'html').published).toBeUndefined();
  });

  it('refuses an article longer than the limit and an unknown kind, naming what is wrong', () => {
    expect(() => articleText('a'.repeat(articleLengthMax + 1), 'text')).toThrow(DomainError);
    expect(() => articleText('a'.repeat(articleLengthMax + 1), 'text')).toThrow(/at most 2000000/);
    expect(() => articleText('x', 'pdf' as 'text')).toThrow(/unknown article kind "pdf"/);
  });
});
