package nn.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** nn-mnist's reports reach {@link System.Logger}: lines as INFO on nn.mnist, progress as DEBUG on nn.mnist.progress. */
class LoggerPrintStreamTest {

    @Test
    void linesAreInfoRecordsAndRedrawsAreProgressRecords() {
        List<String> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record.getLoggerName() + " " + record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger lines = Logger.getLogger(LoggerPrintStream.LINES);
        Logger progress = Logger.getLogger(LoggerPrintStream.PROGRESS);
        Level progressLevel = progress.getLevel();
        lines.addHandler(capture);
        progress.setLevel(Level.FINE); // DEBUG is FINE in java.util.logging, below the default INFO
        try {
            PrintStream out = LoggerPrintStream.standard();
            out.println("MNIST: fetching train-images");
            DownloadProgress bar = new DownloadProgress(out, true);
            bar.start("a.gz", 200);
            bar.advance(100);
            bar.advance(100);
            bar.finish();
            out.print("MNIST: using ");
            out.println("/data (verified)");
        } finally {
            lines.removeHandler(capture);
            progress.setLevel(progressLevel);
        }
        assertEquals(List.of(
                "nn.mnist INFO MNIST: fetching train-images",
                "nn.mnist.progress FINE MNIST: downloading a.gz:   0% of 0.0 MB",
                "nn.mnist.progress FINE MNIST: downloading a.gz:  50% of 0.0 MB",
                "nn.mnist.progress FINE MNIST: downloading a.gz: 100% of 0.0 MB",
                "nn.mnist INFO MNIST: using /data (verified)"), records);
    }
}
