package dev.profundo.vision.viz;

import dev.profundo.io.AtomicFile;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * A self-contained HTML page built section by section: text, tables and images embedded as
 * base64 PNG data, with inline CSS, so the file opens offline with nothing beside it.
 */
public final class HtmlReport {
    private final StringBuilder body = new StringBuilder();
    private final String title;

    /** A report with a page title. */
    public HtmlReport(String title) {
        this.title = title;
    }

    /** Starts a section with a heading and an anchor id. */
    public HtmlReport section(String id, String heading) {
        body.append("<h2 id=\"").append(escape(id)).append("\">").append(escape(heading)).append("</h2>\n");
        return this;
    }

    /** A paragraph of plain text (escaped). */
    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A highlighted statement (escaped), for the main finding of a section. */
    public HtmlReport finding(String text) {
        body.append("<p class=\"finding\">").append(escape(text)).append("</p>\n");
        return this;
    }

    /** An embedded image with alternative text and a caption. */
    public HtmlReport image(BufferedImage image, String alt, String caption) {
        body.append("<figure><img src=\"").append(Png.dataUri(image)).append("\" alt=\"").append(escape(alt))
                .append("\" width=\"").append(image.getWidth()).append("\"><figcaption>").append(escape(caption))
                .append("</figcaption></figure>\n");
        return this;
    }

    /** A table with a header row; cells are escaped text. */
    public HtmlReport table(List<String> header, List<List<String>> rows) {
        body.append("<table><thead><tr>");
        for (String h : header) body.append("<th>").append(escape(h)).append("</th>");
        body.append("</tr></thead><tbody>\n");
        for (List<String> r : rows) {
            body.append("<tr>");
            for (String c : r) body.append("<td>").append(escape(c)).append("</td>");
            body.append("</tr>\n");
        }
        body.append("</tbody></table>\n");
        return this;
    }

    /** The whole page. */
    public String toHtml() {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>
                body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1180px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
                h1{font-size:1.7em;margin-bottom:.2em} h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
                figure{margin:1em 0} img{max-width:100%%;height:auto;border:1px solid #eee}
                figcaption{color:#555;font-size:.9em;margin-top:.3em}
                table{border-collapse:collapse;margin:1em 0;font-size:.92em} th,td{border:1px solid #ddd;padding:.3em .7em;text-align:right}
                th{background:#f5f5f5} td:first-child,th:first-child{text-align:left}
                .finding{background:#fff7e6;border-left:4px solid #f0a030;padding:.6em 1em;font-weight:600}
                </style></head><body>
                <h1>%s</h1>
                %s</body></html>
                """.formatted(escape(title), escape(title), body);
    }

    /** Writes the page atomically. */
    public Path write(Path file) {
        AtomicFile.writeString(file, toHtml());
        return file;
    }

    /** Escapes text for HTML element content and attribute values. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray())
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        return out.toString();
    }
}
