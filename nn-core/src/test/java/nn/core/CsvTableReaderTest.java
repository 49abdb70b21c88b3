package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nn.data.CsvTableReader;
import nn.data.LabelledTable;
import nn.data.TableFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The numeric CSV loader: header or not, label by name or index, classes numeric or named, one-line errors. */
class CsvTableReaderTest {

    @TempDir
    Path dir;

    @Test
    void namedClassesByHeaderName() throws IOException {
        Path f = write("a.csv", "sepal, petal ,species\n1.5,2,setosa\n\n\"3\",4e1,\"vir,ginica\"\n-1,.5,setosa\n");
        LabelledTable t = CsvTableReader.label("species").read(f);
        assertEquals(List.of("sepal", "petal"), t.featureNames());
        assertEquals(List.of("setosa", "vir,ginica"), t.classNames());
        assertEquals(3, t.size());
        assertArrayEquals(new double[] {3, 40}, t.features(1));
        assertArrayEquals(new int[] {0, 1, 0}, new int[] {t.label(0), t.label(1), t.label(2)});
    }

    @Test
    void numericClassesSortNumericallyAndTheLabelMayBeAnyColumn() throws IOException {
        Path f = write("b.csv", "10,0.5,1\n2,0.25,2\n1,0.75,3\n");
        LabelledTable t = CsvTableReader.label("0").header(false).read(f);
        assertEquals(List.of("1", "2", "10"), t.classNames());
        assertEquals(List.of("1", "2"), t.featureNames());
        assertArrayEquals(new int[] {2, 1, 0}, new int[] {t.label(0), t.label(1), t.label(2)});
        assertArrayEquals(new double[] {0.5, 1}, t.features(0));
    }

    /** scikit-learn's iris.csv starts with "150,4,setosa,versicolor,virginica": an integer label is an index. */
    @Test
    void anIntegerIsAnIndexEvenWhenTheHeaderHoldsNumbers() throws IOException {
        Path f = write("c.csv", "3,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n6.2,3.4,5.4,2.3,2\n"
                + "5.9,3.0,5.1,1.8,1\n");
        LabelledTable t = CsvTableReader.label("-1").read(f);
        assertEquals(List.of("0", "1", "2"), t.classNames());
        assertEquals(List.of("3", "4", "setosa", "versicolor"), t.featureNames());
        assertEquals(t, CsvTableReader.label("4").read(f));
    }

    @Test
    void aSemicolonFileWithAByteOrderMark() throws IOException {
        Path f = write("d.csv", "\uFEFFx;y\n1;a\n2;b\n");
        LabelledTable t = CsvTableReader.label("y").delimiter(';').read(f);
        assertEquals(List.of("x"), t.featureNames());
        assertEquals(List.of("a", "b"), t.classNames());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        ragged row          | a,b,c\\n1,2,x\\n1,2\\n             | c | e.csv: line 3 has 2 fields, expected 3 like the header
        ragged, no header   | 1,2,x\\n1,2,y,4\\n                | -1 | e.csv: line 2 has 4 fields, expected 3 like line 1
        not a number        | a,b,c\\n1,2,x\\n1,two,y\\n         | c | e.csv: line 3, column 2 (b): "two" is not a number; every column but the label must be numeric
        empty cell          | a,b,c\\n1,,x\\n                    | c | e.csv: line 2, column 2 (b): the cell is empty; every column but the label must be numeric
        infinite cell       | a,b,c\\n1,1e999,x\\n               | c | e.csv: line 2, column 2 (b): 1e999 is not a finite number
        unknown label name  | a,b,c\\n1,2,x\\n                   | species | e.csv: line 1: no column named 'species' in the header; the columns are a, b, c
        label index too big | a,b,c\\n1,2,x\\n                   | 3 | e.csv: line 1: no label column 3: the file has 3 columns, indices 0 to 2 (or -1 for the last)
        name without header | 1,2,x\\n                           | c | e.csv: no label column named 'c': without a header line the label column is given by its index, from 0 (-1 for the last)
        one class only      | a,b,c\\n1,2,x\\n3,4,x\\n           | c | e.csv: line 2, column 3 (c): every row has the class 'x'; a classifier needs at least two classes
        empty label         | a,b,c\\n1,2,x\\n3,4,\\n            | c | e.csv: line 3, column 3 (c): the label is empty
        header only         | a,b,c\\n                           | c | e.csv: no rows of data after the header
        empty file          | \\n                                | c | e.csv: no rows of data (the file is empty)
        unclosed quote      | a,b,c\\n1,"2,x\\n                  | c | e.csv: line 2, column 2: the quote opened at character 3 is not closed
        one column          | c\\nx\\n                           | c | e.csv: line 1 has 1 column; a table needs at least one feature and the label
        """)
    void badTablesGiveOneLineNamingFileLineAndColumn(String name, String text, String label, String expected)
            throws IOException {
        Path f = write("e.csv", text.replace("\\n", "\n"));
        TableFormatException e = assertThrows(TableFormatException.class,
                () -> CsvTableReader.label(label).header(!name.contains("no header") && !name.contains("without"))
                        .read(f));
        assertEquals(dir + "/" + expected, e.getMessage());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
