package nn.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a numeric CSV file of labelled examples: one example per line, every column a number except the label
 * column, which holds the class as a number or a name.
 *
 * <pre>{@code
 * LabelledTable iris = CsvTableReader.label("species").read(Path.of("iris.csv"));
 * }</pre>
 *
 * <p>The format: fields separated by commas (or another {@link #delimiter}), optionally in double quotes (a quote
 * inside is doubled), spaces around a field ignored, empty lines skipped; a header line naming the columns unless
 * {@link #header(boolean) header(false)}. The label column is named by its header or by its index: an integer
 * (optionally negative) is always an index, counted from 0, {@code -1} for the last column, so a header of
 * numbers (as scikit-learn's CSV files have) cannot be mistaken for it.
 *
 * <p>Classes are mapped to indices 0, 1, … in sorted order: numerically when every label is a number (so labels
 * 1, 2, 10 become classes 0, 1, 2), alphabetically otherwise.
 *
 * <p>Every problem is one line naming the file, the line and the column: a row with another number of fields than
 * the first (or than the header), a cell that is not a number, an unknown label column, and a label column with
 * only one class, on which nothing can be learned.
 */
public final class CsvTableReader {

    private final String label;
    private final boolean header;
    private final char delimiter;

    private CsvTableReader(String label, boolean header, char delimiter) {
        this.label = label;
        this.header = header;
        this.delimiter = delimiter;
    }

    /**
     * A reader whose label column has the given header name or index (see the class comment), with a header line
     * and commas.
     *
     * @param column the label column's name in the header, or its index from 0 ({@code -1} the last)
     * @return the reader
     * @throws IllegalArgumentException if {@code column} is empty
     */
    public static CsvTableReader label(String column) {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException("the label column is missing: give its header name or its index");
        }
        return new CsvTableReader(column.strip(), true, ',');
    }

    /**
     * The same reader, with or without a header line.
     *
     * @param present whether the first line names the columns
     * @return the reader
     */
    public CsvTableReader header(boolean present) {
        return new CsvTableReader(label, present, delimiter);
    }

    /**
     * The same reader, splitting fields at {@code c} instead of commas (e.g. {@code ';'} or a tab).
     *
     * @param c the field separator
     * @return the reader
     * @throws IllegalArgumentException for a double quote, a line end or a space, which cannot separate fields
     */
    public CsvTableReader delimiter(char c) {
        if (c == '"' || c == '\n' || c == '\r' || c == ' ') {
            throw new IllegalArgumentException("'" + c + "' cannot separate fields");
        }
        return new CsvTableReader(label, header, c);
    }

    /**
     * Reads the file.
     *
     * @param file a CSV file in UTF-8
     * @return its rows, classes mapped to indices
     * @throws TableFormatException naming the file, line and column of the first problem
     * @throws IOException          if the file cannot be read
     */
    public LabelledTable read(Path file) throws IOException {
        String name = file.toString();
        List<String> columns = null;
        int labelColumn = -1;
        List<double[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> labelLines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1); // a byte-order mark, as spreadsheet programs write
                }
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = split(line, name, number);
                if (columns == null) {
                    columns = header ? fields : numbered(fields.size());
                    labelColumn = labelColumn(columns, name, number);
                    if (columns.size() < 2) {
                        throw new TableFormatException(name + ": line " + number + " has " + columns.size()
                                + " column; a table needs at least one feature and the label");
                    }
                    if (header) {
                        continue;
                    }
                }
                if (fields.size() != columns.size()) {
                    throw new TableFormatException(name + ": line " + number + " has " + fields.size()
                            + " fields, expected " + columns.size() + " like " + (header ? "the header" : "line 1"));
                }
                double[] row = new double[columns.size() - 1];
                for (int c = 0, f = 0; c < fields.size(); c++) {
                    if (c == labelColumn) {
                        continue;
                    }
                    row[f++] = number(fields.get(c), name, number, c, columns.get(c));
                }
                String cls = fields.get(labelColumn);
                if (cls.isEmpty()) {
                    throw new TableFormatException(where(name, number, labelColumn, columns.get(labelColumn))
                            + ": the label is empty");
                }
                rows.add(row);
                labels.add(cls);
                labelLines.add(number);
            }
        }
        if (columns == null || rows.isEmpty()) {
            throw new TableFormatException(name + ": no rows of data" + (columns == null ? " (the file is empty)"
                    : " after the header"));
        }
        List<String> classes = classes(labels);
        if (classes.size() < 2) {
            throw new TableFormatException(where(name, labelLines.get(0), labelColumn, columns.get(labelColumn))
                    + ": every row has the class '" + classes.get(0) + "'; a classifier needs at least two classes");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        int[] classOf = new int[labels.size()];
        for (int r = 0; r < classOf.length; r++) {
            classOf[r] = index.get(labels.get(r));
        }
        List<String> features = new ArrayList<>(columns);
        features.remove(labelColumn);
        return new LabelledTable(rows.toArray(new double[0][]), classOf, features, classes, name);
    }

    /** The label column's index in {@code columns}: by header name, or by index when the label is an integer. */
    private int labelColumn(List<String> columns, String file, int line) throws TableFormatException {
        Integer asIndex = integer(label);
        if (asIndex != null) {
            int i = asIndex < 0 ? columns.size() + asIndex : asIndex;
            if (i < 0 || i >= columns.size()) {
                throw new TableFormatException(file + ": line " + line + ": no label column " + label + ": the file"
                        + " has " + columns.size() + " columns, indices 0 to " + (columns.size() - 1)
                        + " (or -1 for the last)");
            }
            return i;
        }
        if (!header) {
            throw new TableFormatException(file + ": no label column named '" + label + "': without a header line"
                    + " the label column is given by its index, from 0 (-1 for the last)");
        }
        int i = columns.indexOf(label);
        if (i < 0) {
            throw new TableFormatException(file + ": line " + line + ": no column named '" + label
                    + "' in the header; the columns are " + String.join(", ", columns));
        }
        return i;
    }

    /** The distinct labels in sorted order: numerically when all are numbers, alphabetically otherwise. */
    private static List<String> classes(List<String> labels) {
        boolean numeric = labels.stream().allMatch(l -> parse(l) != null);
        Comparator<String> order = numeric
                ? Comparator.<String>comparingDouble(CsvTableReader::parse).thenComparing(Comparator.naturalOrder())
                : Comparator.naturalOrder();
        TreeSet<String> distinct = new TreeSet<>(order);
        distinct.addAll(labels);
        return new ArrayList<>(distinct);
    }

    private static double number(String field, String file, int line, int column, String columnName)
            throws TableFormatException {
        Double value = parse(field);
        if (value == null) {
            throw new TableFormatException(where(file, line, column, columnName) + ": "
                    + (field.isEmpty() ? "the cell is empty" : "\"" + field + "\" is not a number")
                    + "; every column but the label must be numeric");
        }
        if (!Double.isFinite(value)) {
            throw new TableFormatException(where(file, line, column, columnName) + ": " + field
                    + " is not a finite number");
        }
        return value;
    }

    private static String where(String file, int line, int column, String columnName) {
        return file + ": line " + line + ", column " + (column + 1)
                + (columnName.equals(String.valueOf(column)) ? "" : " (" + columnName + ")");
    }

    /** A number as Java and most CSV writers spell it; null for anything else (hex and "1f" are not numbers here). */
    private static Double parse(String s) {
        if (s.isEmpty() || !s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(NaN|Infinity|inf)")) {
            return null;
        }
        try {
            return Double.parseDouble(s.replace("inf", "Infinity"));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer integer(String s) {
        if (!s.matches("-?\\d{1,9}")) {
            return null;
        }
        return Integer.valueOf(s);
    }

    private static List<String> numbered(int n) {
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(String.valueOf(i));
        }
        return names;
    }

    /** Splits one line into fields: quotes group (a doubled quote is a quote), spaces around a field go. */
    private List<String> split(String line, String file, int number) throws TableFormatException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t') && line.charAt(i) != delimiter) {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                int start = i++;
                while (true) {
                    if (i >= n) {
                        throw new TableFormatException(file + ": line " + number + ", column " + (fields.size() + 1)
                                + ": the quote opened at character " + (start + 1) + " is not closed");
                    }
                    char ch = line.charAt(i++);
                    if (ch == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(ch);
                    }
                }
                while (i < n && line.charAt(i) != delimiter) {
                    if (line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                        throw new TableFormatException(file + ": line " + number + ", column " + (fields.size() + 1)
                                + ": text after the closing quote at character " + (i + 1));
                    }
                    i++;
                }
                fields.add(field.toString());
            } else {
                int start = i;
                while (i < n && line.charAt(i) != delimiter) {
                    i++;
                }
                fields.add(line.substring(start, i).strip());
            }
            field.setLength(0);
            if (i >= n) {
                return fields;
            }
            i++; // the delimiter
        }
    }
}
