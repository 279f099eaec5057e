package org.onedoor.terminal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.onedoor.terminal.config.ConfigException;
import org.onedoor.terminal.config.ConfigLoader;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.daemon.StartupException;
import org.onedoor.terminal.enrollment.EnrollmentAnswer;
import org.onedoor.terminal.poster.Entrance;
import org.onedoor.terminal.poster.MissingFontException;
import org.onedoor.terminal.poster.Poster;
import org.onedoor.terminal.poster.PosterRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints each entrance's venue-code poster (一门一码). */
@Command(name = "poster", mixinStandardHelpOptions = true,
        description = {"Write one A3 300-dpi PNG poster per entrance: the venue code as a QR code, the venue's and "
                + "the entrance's names, and how to hang it.",
                "Files are named poster-1.png, poster-2.png, … in the order the entrances are given, or, from a "
                        + "configuration, in the order of its lanes."})
final class PosterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Take the venue's name from [terminal] venue_name and one entrance per lane that has a "
                    + "venue_code (its name: the lane's entrance).")
    Path config;

    @Option(names = "--venue-name", paramLabel = "NAME",
            description = "The venue's name as entrants know it, e.g. 湘江农贸市场; instead of the configuration's.")
    String venueName;

    @Option(names = "--entrance", paramLabel = "NAME=CODE",
            description = "An entrance and its venue code text exactly as the province issued it; repeat for each "
                    + "entrance, e.g. --entrance '东门=https://…'. Given, these are the entrances, not the "
                    + "configuration's.")
    List<String> entrances = List.of();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Where to write the posters (default: the current directory).")
    Path out;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        Optional<TerminalConfig> loaded;
        try {
            loaded = config == null ? Optional.empty() : Optional.of(ConfigLoader.load(config));
        } catch (ConfigException e) {
            System.err.println("onedoor poster: the configuration is not valid:");
            e.problems().forEach(p -> System.err.println("  " + p));
            return Main.EXIT_CONFIG;
        }
        if (entrances.isEmpty() && loaded.flatMap(TerminalConfig::enrollment).isPresent()) {
            return approvedPosters(loaded.get());
        }
        try {
            List<Entrance> distinct = Entrance.distinct(entrances.isEmpty()
                    ? loaded.map(PosterCommand::entrancesOf).orElseThrow(() -> new IllegalArgumentException(
                            "no entrance: give --entrance NAME=CODE, or --config with lanes that have a venue_code"))
                    : parse(entrances));
            String venue = Optional.ofNullable(venueName)
                    .or(() -> loaded.flatMap(c -> c.terminal().venueName()))
                    .orElseThrow(() -> new IllegalArgumentException(
                            "no venue name: give --venue-name, or [terminal] venue_name in the configuration"));
            return write(venue, distinct);
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

    /**
     * An enrolled terminal's posters come from the county's approval only: the approved venue name and each
     * approved entrance's code, never a code the file states.
     */
    private int approvedPosters(TerminalConfig config) {
        try {
            Optional<EnrollmentAnswer> approval = EnrollCommand.enrolled(config, spec.commandLine().getErr())
                    .approval();
            if (approval.isEmpty()) {
                System.err.println("onedoor poster: the county has not approved this venue yet; posters are printed "
                        + "from approved codes only (onedoor enroll, then the county's approval)");
                return 1;
            }
            return write(Optional.ofNullable(venueName).orElse(approval.get().venue().orElseThrow().name()),
                    approval.get().entrances().stream().map(e -> new Entrance(e.name(), e.qr())).toList());
        } catch (StartupException e) {
            System.err.println("onedoor poster: " + e.getMessage());
            return Main.EXIT_CONFIG;
        } catch (IllegalArgumentException | MissingFontException | IOException e) {
            System.err.println("onedoor poster: " + e.getMessage());
            return 1;
        } catch (OutOfMemoryError e) {
            System.err.println("onedoor poster: not enough memory for an A3 page at 300 dpi; run it with a heap of "
                    + "at least 96 MB (-Xmx96m)");
            return 1;
        }
    }

    private int write(String venue, List<Entrance> distinct) throws IOException, MissingFontException {
        Files.createDirectories(out);
        PosterRenderer renderer = new PosterRenderer(venue);
        for (int i = 0; i < distinct.size(); i++) {
            Poster poster = renderer.render(distinct.get(i));
            Path file = out.resolve("poster-" + (i + 1) + ".png");
            poster.writePng(file);
            System.out.println("wrote " + file + " (" + poster.entrance().name() + ", font "
                    + poster.font().getFamily() + ")");
        }
        return 0;
    }

    /** One entrance per lane that has a venue code, named as the lane's entrance; at least one. */
    static List<Entrance> entrancesOf(TerminalConfig config) {
        List<Entrance> found = config.lanes().stream()
                .flatMap(lane -> lane.venueCode().map(code -> new Entrance(lane.entrance(), code)).stream())
                .toList();
        if (found.isEmpty()) {
            throw new IllegalArgumentException(config.source().getFileName() + ": no lane has a venue_code");
        }
        return found;
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
