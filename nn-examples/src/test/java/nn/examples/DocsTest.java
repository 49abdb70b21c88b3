package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's getting-started blocks are the consumer project's files ({@code examples/getting-started}), which
 * CI builds and runs against the installed artifacts: so the README cannot drift from the API.
 */
class DocsTest {

    private static final Path ROOT = Path.of("..");
    private static final Path CONSUMER = ROOT.resolve("examples/getting-started");

    @Test
    void theReadmeProgramIsTheConsumerProgram() throws IOException {
        String program = Files.readString(CONSUMER.resolve("src/main/java/example/GettingStarted.java"));
        assertEquals(program, block("program", "java"),
                "README.md's getting-started program differs from examples/getting-started's GettingStarted.java");
    }

    @Test
    void theReadmeDependenciesAreTheConsumerDependencies() throws IOException {
        String pom = Files.readString(CONSUMER.resolve("pom.xml"));
        Matcher m = Pattern.compile("<!-- getting-started:dependencies -->\n(.*?)  <!-- getting-started:end -->",
                Pattern.DOTALL).matcher(pom);
        assertTrue(m.find(), "examples/getting-started/pom.xml lacks its marked dependency block");
        String dependencies = m.group(1).replaceAll("(?m)^  ", "");
        assertEquals(dependencies, block("dependencies", "xml"),
                "README.md's dependency block differs from examples/getting-started/pom.xml's");
    }

    @Test
    void theConsumerDependsOnThisBuildsVersion() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        Matcher v = Pattern.compile("<artifactId>nn-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(parent);
        assertTrue(v.find(), "no version in the parent pom");
        String pom = Files.readString(CONSUMER.resolve("pom.xml"));
        Matcher dependency = Pattern.compile("<groupId>io.github.nnjava</groupId>\\s*<artifactId>(nn-[a-z]+)"
                + "</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        int found = 0;
        while (dependency.find()) {
            found++;
            assertEquals(v.group(1), dependency.group(2), dependency.group(1) + "'s version in the consumer pom");
        }
        assertEquals(3, found, "nn-core, nn-openblas and nn-mnist in examples/getting-started/pom.xml");
    }

    /** The fenced block after the README's {@code <!-- getting-started:NAME ... -->} marker. */
    private static String block(String name, String language) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("<!-- getting-started:" + name + "[^\n]*-->\n```" + language + "\n(.*?)```\n"
                + "<!-- getting-started:end -->", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README.md has no marked getting-started:" + name + " block");
        return m.group(1);
    }
}
