// Run EPUBCheck on many EPUBs in one Java process (tests/helpers.py starts it once per test process).
//
// Starting Java and loading EPUBCheck's schemas takes a few seconds; checking a small EPUB after that
// takes a fraction of one. Each line read from standard input is the arguments of one EPUBCheck command
// line, separated by tabs; for each, this prints "<exit code> <length>\n" and then that many bytes of
// UTF-8: what the command line would have printed on its standard output and error.
//
// Run: java -cp epubcheck.jar tests/EpubCheckBatch.java (Java's single-file source launcher).

import com.adobe.epubcheck.tool.EpubChecker;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

public class EpubCheckBatch {
    public static void main(String[] ignored) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            PrintStream capture = new PrintStream(said, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            int code;
            try {
                code = new EpubChecker().run(line.split("\t"));
            } catch (Throwable failure) {
                failure.printStackTrace(capture);
                code = 2;
            } finally {
                capture.flush();
                System.setOut(out);
                System.setErr(err);
            }
            byte[] text = said.toByteArray();
            OutputStream raw = out;
            raw.write((code + " " + text.length + "\n").getBytes(StandardCharsets.UTF_8));
            raw.write(text);
            raw.flush();
        }
    }
}
