package org.cbrnn.kernel.runtime;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;

import java.util.UUID;

/**
 * The display API of notebooks, the same as IJava's ({@code io.github.spencerpark.ijava.runtime.Display}). Every
 * cell has {@code import static org.cbrnn.kernel.runtime.Display.*;}, so cells call {@code display(chart)},
 * {@code updateDisplay(id, chart)} and {@code render(table)} directly.
 */
public final class Display {
    /** Where rendered output goes; the kernel installs one connected to Jupyter. */
    public interface Sink {
        void display(DisplayData data);

        void update(String displayId, DisplayData data);
    }

    private static volatile Renderer renderer;
    private static volatile Sink sink;

    private Display() {
    }

    /** Called by the kernel at start-up (and by tests). */
    public static void install(Renderer r, Sink s) {
        renderer = r;
        sink = s;
    }

    private static Renderer renderer() {
        Renderer r = renderer;
        if (r == null) throw new IllegalStateException("no kernel: Display.install was not called");
        return r;
    }

    /** Renders {@code o} with the kernel's renderers (its preferred MIME types). */
    public static DisplayData render(Object o) {
        if (o instanceof DisplayData d) return d;
        return renderer().render(o);
    }

    /** Renders {@code o} as the given MIME types (e.g. "text/plain", "image/png"). */
    public static DisplayData render(Object o, String... as) {
        if (o instanceof DisplayData d) return d;
        return renderer().renderAs(o, as);
    }

    /** Shows {@code o} now and returns its display id, for {@link #updateDisplay(String, Object)}. */
    public static String display(Object o) {
        return show(render(o));
    }

    /** Shows {@code o} rendered as the given MIME types; returns the display id. */
    public static String display(Object o, String... as) {
        return show(render(o, as));
    }

    /** Replaces the output shown with display id {@code id} (Jupyter's update_display_data). */
    public static void updateDisplay(String id, Object o) {
        DisplayData data = render(o);
        if (data == o) data = new DisplayData(data);
        deliverUpdate(id, data);
    }

    /** As {@link #updateDisplay(String, Object)}, rendering as the given MIME types. */
    public static void updateDisplay(String id, Object o, String... as) {
        DisplayData data = render(o, as);
        if (data == o) data = new DisplayData(data);
        deliverUpdate(id, data);
    }

    private static String show(DisplayData data) {
        String id = data.getDisplayId();
        if (id == null) {
            id = UUID.randomUUID().toString();
            data.setDisplayId(id);
        }
        Sink s = sink;
        if (s != null) s.display(data);
        else System.out.println(data.getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
        return id;
    }

    private static void deliverUpdate(String id, DisplayData data) {
        Sink s = sink;
        if (s != null) s.update(id, data);
        else System.out.println(data.getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
    }
}
