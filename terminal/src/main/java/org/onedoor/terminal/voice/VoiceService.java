package org.onedoor.terminal.voice;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.onedoor.terminal.decision.Outcome;
import org.onedoor.terminal.event.EventSink;
import org.onedoor.terminal.lane.LaneListener;
import org.onedoor.terminal.lane.LanePipeline;
import org.onedoor.terminal.lifecycle.Service;
import org.tinylog.Logger;

/**
 * Spoken prompts (语音播报, docs/voice.md): each lane says what its outcome was, after its relay and lamps moved,
 * and what went wrong with its devices. Each lane plays on its own voice thread; a device that cannot play is
 * reported once and never touches a decision. Started after the lanes, which it listens to.
 */
public final class VoiceService implements Service {
    /**
     * {@code [voice]} as the service needs it.
     *
     * @param traceFile where the simulated output writes; the GPIO's trace file
     */
    public record Settings(AudioOutputKind output, String device, int volume, Map<Prompt, Clip> clips,
                           Optional<Path> traceFile) {
    }

    private final Settings settings;
    private final AudioOutput output;
    private final Supplier<List<LanePipeline>> lanes;
    private final VoiceHealth health;
    private volatile Map<String, LaneVoice> voices = Map.of();
    /** Per lane: the device prompt said last (empty: all well); guarded by this. */
    private final Map<String, Optional<Prompt>> devicePrompts = new HashMap<>();

    public VoiceService(Settings settings, Supplier<List<LanePipeline>> lanes, EventSink events) {
        this(settings, settings.output() == AudioOutputKind.ALSA ? new AplayOutput(settings.device())
                : new TracedOutput(settings.traceFile()), lanes, events);
    }

    VoiceService(Settings settings, AudioOutput output, Supplier<List<LanePipeline>> lanes, EventSink events) {
        this.settings = settings;
        this.output = output;
        this.lanes = lanes;
        this.health = new VoiceHealth(settings.device(), events);
    }

    @Override
    public String name() {
        return "voice";
    }

    @Override
    public void start() {
        Map<Prompt, byte[]> samples = new EnumMap<>(Prompt.class);
        settings.clips().forEach((prompt, clip) -> samples.put(prompt, clip.pcmAt(settings.volume())));
        Map<String, LaneVoice> started = new LinkedHashMap<>();
        for (LanePipeline lane : lanes.get()) {
            // A missing device is reported before anyone is at the gate, not at the first prompt. The probe plays
            // on the first lane's thread, before its prompts: a device without mixing takes one sound at a time.
            Runnable first = started.isEmpty() ? this::probe : () -> { };
            LaneVoice voice = new LaneVoice(lane.name(), output.player(lane.name()), settings.clips(), samples,
                    health, first);
            started.put(lane.name(), voice);
            voice.start();
        }
        voices = started;
        lanes.get().forEach(lane -> lane.listen(listener(lane, started.get(lane.name()))));
        Logger.info("voice: {} prompts on {} {} at volume {}", settings.clips().size(),
                settings.output().configName(), settings.device(), settings.volume());
    }

    @Override
    public void stop() {
        voices.values().forEach(LaneVoice::close);
        voices = Map.of();
    }

    /** A lane's scanner or ID-card reader changed: says 请刷身份证 or 设备故障 once when the lane's state calls for it. */
    private void devicesChanged(LanePipeline lane) {
        LanePipeline.Devices devices = lane.devices();
        ReaderState reader = !devices.hasIdCardReader() ? ReaderState.ABSENT
                : devices.idCardReaderUp() ? ReaderState.UP : ReaderState.DOWN;
        Optional<Prompt> prompt = Prompt.forDevices(devices.scannerUp(), reader);
        synchronized (this) {
            if (prompt.equals(devicePrompts.put(lane.name(), prompt))) {
                return;
            }
        }
        LaneVoice voice = voices.get(lane.name());
        if (voice != null) {
            prompt.ifPresent(voice::say);
        }
    }

    private LaneListener listener(LanePipeline lane, LaneVoice voice) {
        return new LaneListener() {
            @Override
            public void acted(Outcome outcome) {
                Prompt.after(outcome).ifPresent(voice::say);
            }

            @Override
            public void devicesChanged() {
                VoiceService.this.devicesChanged(lane);
            }
        };
    }

    private void probe() {
        try {
            output.probe();
        } catch (IOException | RuntimeException e) {
            health.failed(e.getMessage());
        }
    }
}
