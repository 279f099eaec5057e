package org.onedoor.terminal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.onedoor.terminal.poster.Entrance;
import org.onedoor.terminal.poster.MissingFontException;
import org.onedoor.terminal.poster.Poster;
import org.onedoor.terminal.poster.PosterRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints each entrance's venue-code poster (一门一码). */
@Command(name = "poster", mixinStandardHelpOptions = true,
        description = {"Write one A3 300-dpi PNG poster per entrance: the venue code as a QR code, the venue's and "
                + "the entrance's names, and how to hang it.",
                "Files are named poster-1.png, poster-2.png, … in the order the entrances are given."})
final class PosterCommand implements Callable<Integer> {
    @Option(names = "--venue-name", required = true, paramLabel = "NAME",
            description = "The venue's name as entrants know it, e.g. 湘江农贸市场.")
    String venueName;

    @Option(names = "--entrance", required = true, paramLabel = "NAME=CODE",
            description = "An entrance and its venue code text exactly as the province issued it; repeat for each "
                    + "entrance, e.g. --entrance '东门=https://…'.")
    List<String> entrances;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Where to write the posters (default: the current directory).")
    Path out;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        try {
            List<Entrance> distinct = Entrance.distinct(parse(entrances));
            Files.createDirectories(out);
            PosterRenderer renderer = new PosterRenderer(venueName);
            for (int i = 0; i < distinct.size(); i++) {
                Poster poster = renderer.render(distinct.get(i));
                Path file = out.resolve("poster-" + (i + 1) + ".png");
                poster.writePng(file);
                System.out.println("wrote " + file + " (" + poster.entrance().name() + ", font "
                        + poster.font().getFamily() + ")");
            }
            return 0;
        } catch (IllegalArgumentException | MissingFontException | IOException e) {
            System.err.println("onedoor poster: " + e.getMessage());
            return 1;
        } catch (OutOfMemoryError e) {
            // The one large allocation is the 52 MB page; a JVM sized for the daemon cannot make it.
            System.err.println("onedoor poster: not enough memory for an A3 page at 300 dpi; run it with a heap of "
                    + "at least 96 MB (-Xmx96m)");
            return 1;
        }
    }

    /** NAME=CODE, split at the first '=': a code (a URL) may hold more. */
    static List<Entrance> parse(List<String> options) {
        List<Entrance> parsed = new ArrayList<>();
        for (String option : options) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--entrance " + option + ": expected NAME=CODE");
            }
            parsed.add(new Entrance(option.substring(0, eq).strip(), option.substring(eq + 1)));
        }
        return parsed;
    }
}
