package org.onedoor.terminal.county.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;

/** Writes a trace's contacts as a table, CSV or JSON (docs/county.md, Tracing). */
public final class TraceReport {
    public enum Format { TABLE, CSV, JSON }

    private static final String[] COLUMNS = {"depth", "venue", "entrance", "terminal", "pseudonym", "time", "estimate",
        "overlap_min", "subject"};

    private TraceReport() {
    }

    public static void write(Tracer.Result result, Format format, PrintWriter out) {
        switch (format) {
            case TABLE -> table(result, out);
            case CSV -> csv(result, out);
            case JSON -> json(result, out);
        }
        out.flush();
    }

    private static String[] row(Contact c) {
        return new String[] {Integer.toString(c.depth()), c.venue(), c.entrance() == null ? "" : c.entrance(), c.terminal(),
            c.pseudonym(), Instant.ofEpochMilli(c.timeMs()).toString(), c.estimate() ? "yes" : "no",
            String.format(Locale.ROOT, "%.1f", c.overlapMinutes()), c.subject() == null ? "" : c.subject()};
    }

    private static void table(Tracer.Result result, PrintWriter out) {
        int[] width = new int[COLUMNS.length];
        for (int i = 0; i < COLUMNS.length; i++) {
            width[i] = COLUMNS[i].length();
        }
        for (Contact c : result.contacts()) {
            String[] r = row(c);
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        line(COLUMNS, width, out);
        for (Contact c : result.contacts()) {
            line(row(c), width, out);
        }
        out.println(summary(result));
    }

    static String summary(Tracer.Result result) {
        return result.contacts().size() + " co-visits by " + result.distinctCoVisitors() + " pseudonyms; "
                + result.resolved() + " resolved to a subject";
    }

    private static void line(String[] cells, int[] width, PrintWriter out) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            b.append(String.format("%-" + width[i] + "s", cells[i]));
            if (i < cells.length - 1) {
                b.append("  ");
            }
        }
        out.println(b.toString().stripTrailing());
    }

    private static void csv(Tracer.Result result, PrintWriter out) {
        out.println(String.join(",", COLUMNS));
        for (Contact c : result.contacts()) {
            String[] r = row(c);
            for (int i = 0; i < r.length; i++) {
                r[i] = quote(r[i]);
            }
            out.println(String.join(",", r));
        }
    }

    private static String quote(String v) {
        boolean formula = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0;
        if (!formula && v.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')) {
            return v;
        }
        // A leading quote keeps a spreadsheet from running a venue name as a formula.
        return "\"" + (formula ? "'" : "") + v.replace("\"", "\"\"") + "\"";
    }

    private static void json(Tracer.Result result, PrintWriter out) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("contacts");
        for (Contact c : result.contacts()) {
            ObjectNode n = list.addObject();
            n.put("depth", c.depth()).put("venue", c.venue()).put("entrance", c.entrance()).put("terminal", c.terminal())
                    .put("pseudonym", c.pseudonym()).put("time", Instant.ofEpochMilli(c.timeMs()).toString())
                    .put("estimate", c.estimate()).put("overlap_min", Math.round(c.overlapMinutes() * 10) / 10.0);
            if (c.subject() != null) {
                n.put("subject", c.subject());
            }
        }
        root.put("co_visitors", result.distinctCoVisitors()).put("resolved", result.resolved());
        out.println(root.toString());
    }
}
