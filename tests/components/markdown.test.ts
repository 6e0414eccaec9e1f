import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "../../components/markdown/markdown";

const render = (md: string) => renderToStaticMarkup(createElement(Markdown, null, md));

describe("Markdown renders untrusted notes safely", () => {
  it("shows raw HTML as text instead of interpreting it", () => {
    const html = render('Hi <script>alert(1)</script> <img src=x onerror="alert(2)"> <b>bold</b>');
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("neutralises javascript:, vbscript: and data: links", () => {
    const html = render("[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](vbscript:x) [d](data:text/html,<script>) <javascript:alert(3)>");
    expect(html).not.toMatch(/(javascript|vbscript|data):[^<]*"/i);
    expect(html.match(/<a [^>]*href=""/g)).toHaveLength(5);
    expect(render("[ok](https://example.com)")).toContain('href="https://example.com"');
  });

  it("renders GFM tables, task lists and fenced code", () => {
    const html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n```python\nprint(1)\n```");
    expect(html).toMatch(/<table[\s\S]*<th[^>]*>a<\/th>[\s\S]*<td[^>]*>1<\/td>/);
    expect(html).toContain('<input type="checkbox" disabled="" aria-label="done" checked=""/> done');
    expect(html).toContain('<input type="checkbox" disabled="" aria-label="todo"/> todo');
    expect(html).toMatch(/<pre[^>]*><code[^>]*>print\(1\)/);
  });

  it("names every task-list checkbox after its item's words, in tight, loose and nested lists", () => {
    const html = render("- [x] ship **the** `model`\n\n  with notes\n\n- [ ] review\n  - [ ] nested check\n- [ ]\n");
    const labels = [...html.matchAll(/<input type="checkbox"[^>]*>/g)].map((m) => /aria-label="([^"]*)"/.exec(m[0])?.[1]);
    expect(labels).toEqual(["ship the model", "review", "nested check"]);
    expect(render("- [ ] <b>x</b> & \"y\"")).toContain('aria-label="&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;"');
  });
});
