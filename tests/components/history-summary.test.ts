import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { HistoryList } from "../../components/history/history-list";
import { SummaryText } from "../../components/history/summary-text";

const render = (text: string) => renderToStaticMarkup(createElement(SummaryText, { text })).replace(/ class="[^"]*"/g, "");

describe("history summaries show quoted names as code", () => {
  it("renders each `backtick` span as a code element and the rest as text", () => {
    expect(render("alice added metadata key `metrics`")).toBe("alice added metadata key <code>metrics</code>");
    expect(render("bob changed metadata key `a` and metadata key `b.c`, removed notes"))
      .toBe("bob changed metadata key <code>a</code> and metadata key <code>b.c</code>, removed notes");
    expect(render("carol changed description")).toBe("carol changed description");
  });

  it("never interprets markup inside or outside the code, and keeps unpaired or empty backticks", () => {
    expect(render("dan added metadata key `<img src=x onerror=alert(1)>` <b>bold</b>"))
      .toBe("dan added metadata key <code>&lt;img src=x onerror=alert(1)&gt;</code> &lt;b&gt;bold&lt;/b&gt;");
    expect(render("an `odd` count` of backticks")).toBe("an <code>odd</code> count` of backticks");
    expect(render("empty `` span")).toBe("empty `` span");
  });

  it("is what the History list shows for each event", () => {
    const at = new Date("2026-01-02T03:04:05Z");
    const html = renderToStaticMarkup(createElement(HistoryList, {
      events: [{ id: 1, at, summary: "admin added metadata key `threshold`", changes: [] }] as never,
      total: 1,
      now: new Date(at.getTime() + 3_600_000),
    }));
    expect(html).toMatch(/admin added metadata key <code[^>]*>threshold<\/code>/);
    expect(html).toContain("1 hour ago");
  });
});
