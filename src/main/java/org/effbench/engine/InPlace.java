package org.effbench.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ReLU and clamp in place, as torchvision's {@code ReLU(inplace=True)} and {@code
 * ReLU6(inplace=True)} run them: DJL's JNI has only the out-of-place forms, which write a new
 * tensor the size of the activation on every call (at batch 8 MobileNetV2's 35 ReLU6 took 9-11 ms
 * out of place here against 6.4 ms in place in the peer). This calls libtorch's own dispatcher
 * entries ({@code at::_ops::relu_::call}, {@code at::_ops::hardtanh_::call}: the profiler still
 * records {@code aten::relu_}, {@code aten::hardtanh_}) on the tensor DJL's handle points to.
 *
 * <p>Only for an input nobody else reads afterwards (an intermediate the caller owns). A self-check
 * on first use compares both against DJL's out-of-place forms; if a symbol is missing or the result
 * differs (another libtorch's ABI), every call falls back to the out-of-place form (same values, a
 * new array) and {@link #available} says so.
 */
public final class InPlace {

    /** c10::Scalar holding a double, by value (never freed: a few per JVM). */
    private static final Map<Float, Pointer> SCALARS = new ConcurrentHashMap<>();

    private InPlace() {}

    /**
     * libtorch's entries, looked up and checked once, on first use (the engine is started by then):
     * every activation of every pass asks, so the answer is a constant, not a lock.
     */
    private static final class Native {
        static final Function RELU;
        static final Function HARDTANH;
        static final boolean AVAILABLE;

        static {
            Function relu = null;
            Function hardtanh = null;
            try {
                NativeLibrary lib = Libtorch.library();
                relu = lib.getFunction("_ZN2at4_ops5relu_4callERNS_6TensorE");
                hardtanh =
                        lib.getFunction(
                                "_ZN2at4_ops9hardtanh_4callERNS_6TensorERKN3c106ScalarES7_");
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                // absent: the out-of-place forms run
            }
            RELU = relu;
            HARDTANH = hardtanh;
            AVAILABLE = relu != null && hardtanh != null && check(relu, hardtanh);
        }
    }

    /** Whether the in-place forms run (false: the out-of-place fallback). */
    public static boolean available() {
        return Native.AVAILABLE;
    }

    /** max(x, 0): {@code x} itself, changed, or a new array when not {@link #available}. */
    public static NDArray relu(NDArray x) {
        if (!available() || !(x instanceof PtNDArray pt)) {
            return x.getNDArrayInternal().relu();
        }
        Native.RELU.invokePointer(new Object[] {new Pointer(pt.getHandle())});
        return x;
    }

    /**
     * min(max(x, lo), hi): {@code x} itself, changed, or a new array when not {@link #available}.
     */
    public static NDArray clamp(NDArray x, float lo, float hi) {
        if (!available() || !(x instanceof PtNDArray pt)) {
            return Clamp.apply(x, lo, hi);
        }
        Native.HARDTANH.invokePointer(
                new Object[] {new Pointer(pt.getHandle()), scalar(lo), scalar(hi)});
        return x;
    }

    /**
     * A c10::Scalar of {@code value} as a double: its tag (HAS_d, 0) first, then the value in its
     * union. The union holds a complex<double>, aligned to 16 in some builds and to 8 in others, so
     * the value is written at both offsets; the self-check proves the layout.
     */
    private static Pointer scalar(float value) {
        return SCALARS.computeIfAbsent(
                value,
                v -> {
                    Memory m = new Memory(32);
                    m.clear();
                    m.setInt(0, 0);
                    m.setDouble(8, v);
                    m.setDouble(16, v);
                    return m;
                });
    }

    /** Both entries against DJL's out-of-place forms on values around the bounds. */
    private static boolean check(Function relu, Function hardtanh) {
        try (NDManager m = NDManager.newBaseManager(TorchEngine.NAME)) {
            float[] probe = {-7.5f, -0.5f, 0f, 0.25f, 5.5f, 6f, 6.5f, 1e9f};
            NDArray a = m.create(probe);
            float[] outOfPlaceRelu = a.getNDArrayInternal().relu().toFloatArray();
            float[] outOfPlaceClamp = Clamp.apply(a, 0f, 6f).toFloatArray();
            NDArray b = a.duplicate();
            relu.invokePointer(new Object[] {new Pointer(((PtNDArray) b).getHandle())});
            NDArray c = a.duplicate();
            hardtanh.invokePointer(
                    new Object[] {
                        new Pointer(((PtNDArray) c).getHandle()), scalar(0f), scalar(6f)
                    });
            return Arrays.equals(b.toFloatArray(), outOfPlaceRelu)
                    && Arrays.equals(c.toFloatArray(), outOfPlaceClamp);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
