package org.onedoor.terminal.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.onedoor.drivers.idcard.IdCardReader;
import org.onedoor.drivers.serial.Scanner;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.config.TerminalConfig.Lane;
import org.onedoor.terminal.decision.DuplicateWindow;
import org.onedoor.terminal.lane.LanePipeline;
import org.onedoor.terminal.lifecycle.Part;
import org.onedoor.terminal.lifecycle.Service;

/**
 * Every lane's pipeline, over the parts all lanes share and the lane's own actuator. The scanners and ID-card
 * readers are created here but hold nothing until their own services start them, last of all.
 */
final class LanesService implements Service {
    /** A decision running longer than this is a stuck lane: the watchdog stops pinging. */
    private static final Duration STUCK_AFTER = Duration.ofSeconds(10);

    private final TerminalConfig config;
    private final Drivers drivers;
    private final Supplier<LanePipeline.Shared> shared;
    private final Outputs outputs;
    private volatile List<LanePipeline> pipelines = List.of();
    private volatile List<Scanner> scanners = List.of();
    private volatile List<Optional<IdCardReader>> idCardReaders = List.of();

    /** @param shared the parts every lane shares, asked for at start */
    LanesService(TerminalConfig config, Drivers drivers, Supplier<LanePipeline.Shared> shared, Outputs outputs) {
        this.config = config;
        this.drivers = drivers;
        this.shared = shared;
        this.outputs = outputs;
    }

    @Override
    public String name() {
        return "lanes";
    }

    @Override
    public void start() {
        LanePipeline.Shared parts = shared.get();
        List<LanePipeline> built = new ArrayList<>();
        List<Scanner> created = new ArrayList<>();
        List<Optional<IdCardReader>> readers = new ArrayList<>();
        for (int i = 0; i < config.lanes().size(); i++) {
            Lane lane = config.lanes().get(i);
            Scanner scanner = drivers.scanner(lane);
            created.add(scanner);
            Optional<IdCardReader> reader = drivers.idCardReader(lane);
            readers.add(reader);
            built.add(new LanePipeline(lane, parts, outputs.actuators().get(i),
                    new DuplicateWindow(config.decision().duplicateWindow()), scanner, reader.isPresent()));
        }
        scanners = List.copyOf(created);
        idCardReaders = List.copyOf(readers);
        pipelines = List.copyOf(built);
    }

    @Override
    public void stop() {
        // A pipeline holds nothing of its own; its scanner and outputs are services of their own.
    }

    /** Every lane not stuck in a decision. */
    @Override
    public Map<String, BooleanSupplier> liveness() {
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        pipelines.forEach(lane -> checks.put("lane " + lane.name(), () -> lane.notStuck(STUCK_AFTER)));
        return checks;
    }

    /**
     * Lane {@code index}'s scanner as a service of its own: it starts feeding its pipeline, last of all. The
     * watchdog asks whether its reader thread is alive.
     */
    Part<Scanner> scanner(int index) {
        String name = "scanner " + config.lanes().get(index).name();
        return Part.watched(name, () -> {
            Scanner scanner = scanners.get(index);
            try {
                scanner.start(pipelines.get(index));
            } catch (RuntimeException e) {
                scanner.close();
                throw e;
            }
            return scanner;
        }, scanner -> Map.of(name, scanner::readerAlive));
    }

    /**
     * Lane {@code index}'s ID-card reader as a service of its own, started with the scanners; empty for a lane
     * without one. The watchdog asks whether its polling thread is alive.
     */
    Optional<Part<IdCardReader>> idCardReader(int index) {
        Lane lane = config.lanes().get(index);
        if (lane.idCard().isEmpty()) {
            return Optional.empty();
        }
        String name = "idcard " + lane.name();
        return Optional.of(Part.watched(name, () -> {
            IdCardReader reader = idCardReaders.get(index).orElseThrow(() -> new IllegalStateException(
                    "these drivers have no ID-card reader for lane " + lane.name()));
            try {
                reader.start(pipelines.get(index));
            } catch (RuntimeException e) {
                reader.close();
                throw e;
            }
            return reader;
        }, reader -> Map.of(name, reader::readerAlive)));
    }

    List<LanePipeline> pipelines() {
        return pipelines;
    }

    /** Each lane's scanner, at its lane's index. */
    List<Scanner> scanners() {
        return scanners;
    }
}
