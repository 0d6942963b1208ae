package dev.rivulet.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a Flink SQL script into its statements at the semicolons that are outside quotes and
 * comments. '…' strings (with '' inside), `…` and "…" identifiers are respected; -- and /* *\/
 * comments are dropped, except optimizer hints (/*+ … *\/), which Flink reads. The statements
 * of an {@code EXECUTE STATEMENT SET BEGIN …; …; END;} block (or the SQL client's
 * {@code BEGIN STATEMENT SET; …; END;}) stay together as one statement, since they are one job.
 */
final class Statements {
  private Statements() {}

  /** One statement: its text without the final semicolon, and the line it starts on (from 1). */
  record Statement(String sql, int line) {}

  private static final Pattern EXECUTE_SET =
      Pattern.compile("(?is)^EXECUTE\\s+STATEMENT\\s+SET\\s+BEGIN\\b\\s*(.*)$");
  private static final Pattern BEGIN_SET = Pattern.compile("(?i)^BEGIN\\s+STATEMENT\\s+SET$");
  private static final Pattern END = Pattern.compile("(?i)^END$");

  static List<Statement> split(String script) {
    List<Statement> out = new ArrayList<>();
    List<String> block = null; // the statements of an open statement set
    int blockLine = 0;
    for (Statement piece : pieces(script)) {
      String sql = piece.sql();
      if (block == null) {
        var execute = EXECUTE_SET.matcher(sql);
        if (execute.matches() || BEGIN_SET.matcher(sql).matches()) {
          block = new ArrayList<>();
          blockLine = piece.line();
          String first = execute.matches() ? execute.group(1).trim() : "";
          if (!first.isEmpty()) block.add(first);
        } else {
          out.add(piece);
        }
      } else if (END.matcher(sql).matches()) {
        out.add(new Statement(statementSet(block), blockLine));
        block = null;
      } else {
        block.add(sql);
      }
    }
    // An unclosed block is left for Flink to refuse, with its own message.
    if (block != null) {
      out.add(new Statement(statementSet(block).replaceFirst("\nEND$", ""), blockLine));
    }
    return out;
  }

  private static String statementSet(List<String> inserts) {
    StringBuilder sql = new StringBuilder("EXECUTE STATEMENT SET\nBEGIN\n");
    for (String insert : inserts) sql.append(insert).append(";\n");
    return sql.append("END").toString();
  }

  /** The script cut at top-level semicolons, comments removed, blank pieces skipped. */
  private static List<Statement> pieces(String script) {
    List<Statement> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int line = 1;
    int startLine = 0; // 0 while the current piece has nothing but blanks
    int n = script.length();
    for (int i = 0; i < n; i++) {
      char c = script.charAt(i);
      if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        int j = script.indexOf('\n', i);
        i = (j < 0 ? n : j) - 1; // the newline itself is read next
        continue;
      }
      boolean hint = c == '/' && i + 2 < n && script.startsWith("*+", i + 1);
      if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*' && !hint) {
        int j = script.indexOf("*/", i + 2);
        int end = j < 0 ? n : j + 2;
        line += count(script, i, end, '\n');
        current.append(' ');
        i = end - 1;
        continue;
      }
      if (c == ';') {
        if (startLine > 0) out.add(new Statement(current.toString().trim(), startLine));
        current.setLength(0);
        startLine = 0;
        continue;
      }
      if (startLine == 0 && !Character.isWhitespace(c)) startLine = line;
      int end = i + 1;
      if (c == '\'' || c == '`' || c == '"') {
        // A quoted run, in which the quote doubled is the quote itself.
        while (end < n) {
          if (script.charAt(end) != c) end++;
          else if (end + 1 < n && script.charAt(end + 1) == c) end += 2;
          else break;
        }
        end = Math.min(end + 1, n);
      } else if (hint) {
        int j = script.indexOf("*/", i + 3);
        end = j < 0 ? n : j + 2;
      }
      current.append(script, i, end);
      line += count(script, i, end, '\n');
      i = end - 1;
    }
    if (startLine > 0) out.add(new Statement(current.toString().trim(), startLine));
    return out;
  }

  private static int count(String text, int from, int to, char c) {
    int k = 0;
    for (int i = from; i < to; i++) if (text.charAt(i) == c) k++;
    return k;
  }
}
