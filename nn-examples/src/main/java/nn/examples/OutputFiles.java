package nn.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nn.internal.AtomicFiles;

/**
 * Checks every file and directory a command will write before its work starts, so that a bad output path fails in
 * a moment with one line instead of after hours of training: the trained network would otherwise be lost.
 *
 * <p>Each file must be writable by {@link AtomicFiles} (a regular file or none yet, or a symbolic link to one; in
 * a directory where a file can be created), and no two outputs may be the same file: the last write would erase
 * the first (a {@code --save} over the {@code --checkpoint} would erase its history).
 */
final class OutputFiles {

    private final Map<Path, String> claimed = new LinkedHashMap<>();

    /**
     * Checks a file that will be written, given by {@code option}.
     *
     * @throws CliException (usage) naming the option, the file and what is wrong
     */
    OutputFiles file(String option, Path file) {
        if (file == null) {
            return this;
        }
        claim(option, file, check(option, file));
        return this;
    }

    /**
     * Checks a directory into which the files {@code names} will be written (it is created when missing).
     *
     * @throws CliException (usage) naming the option, the directory and what is wrong
     */
    OutputFiles directory(String option, Path directory, List<String> names) {
        if (directory == null) {
            return this;
        }
        if (directory.toString().isEmpty()) {
            throw CliException.usage(option + " \"\": an empty directory name");
        }
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw CliException.usage(option + " " + directory + ": exists and is not a directory; give a directory"
                    + " (it is created when missing)");
        }
        Path real = directory.toAbsolutePath().normalize();
        try {
            real = Files.exists(directory) ? directory.toRealPath() : real;
        } catch (IOException e) {
            // Checked below by writing a probe.
        }
        claim(option, directory, real);
        for (String name : names) {
            claim(option, directory.resolve(name), check(option, directory.resolve(name)));
        }
        return this;
    }

    /**
     * Refuses the output given by {@code outputOption} when it is the file {@code input} (given by
     * {@code inputOption}) that the run reads and would lose by replacing it, for the reason given.
     */
    OutputFiles notOver(String outputOption, String inputOption, Path input, String why) {
        if (input == null || !Files.exists(input)) {
            return this;
        }
        Path real;
        try {
            real = input.toRealPath();
        } catch (IOException e) {
            return this;
        }
        if (outputOption.equals(claimed.get(real))) {
            throw CliException.usage(outputOption + " and " + inputOption + " are the same file, " + input + ": "
                    + why);
        }
        return this;
    }

    private void claim(String option, Path file, Path real) {
        String before = claimed.putIfAbsent(real, option);
        if (before != null) {
            throw CliException.usage(before + " and " + option + " name the same file, " + file
                    + ": the second write would erase the first; give two different files");
        }
    }

    private static Path check(String option, Path file) {
        if (file.toString().isEmpty()) {
            throw CliException.usage(option + " \"\": an empty file name; give the file to write");
        }
        if (Files.isDirectory(file)) {
            throw CliException.usage(option + " " + file + ": is a directory; give the name of a file to write");
        }
        try {
            Path target = AtomicFiles.checkWritable(file);
            return Files.exists(target, LinkOption.NOFOLLOW_LINKS) ? target.toRealPath() : target;
        } catch (IOException e) {
            throw CliException.usage(option + " " + e.getMessage());
        }
    }
}
