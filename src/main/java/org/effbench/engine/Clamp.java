package org.effbench.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code clamp(x, lo, hi)} with bounds made once. DJL's {@link NDArray#clip} makes two scalar
 * tensors from Java for its bounds on every call (a direct buffer each, copied into libtorch, then
 * read back as scalars): about 35 us per call against 3 us for a ReLU on a small tensor here, 1.2
 * ms per MobileNetV2 pass (35 ReLU6). This calls the same JNI function DJL's clip ends in ({@code
 * torchClamp}, libtorch's {@code clamp} with scalar bounds), with bound tensors kept for the life
 * of the JVM, so the result is bit-identical. That function is package-private in DJL, reached by
 * reflection; if a DJL version lacks it, {@link #apply} falls back to DJL's clip (same result, its
 * cost) and {@link #direct} says so.
 */
public final class Clamp {

    private static final MethodHandle CLAMP = find();

    /** Bound tensors by value, for the JVM's life (two floats each): never closed on purpose. */
    private static final Map<Float, PtNDArray> BOUNDS = new ConcurrentHashMap<>();

    private static NDManager boundsManager;

    private Clamp() {}

    private static MethodHandle find() {
        try {
            Class<?> library = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
            Field lib = library.getDeclaredField("LIB");
            lib.setAccessible(true);
            Method clamp =
                    library.getDeclaredMethod("torchClamp", long.class, long.class, long.class);
            clamp.setAccessible(true);
            return MethodHandles.lookup()
                    .unreflect(clamp)
                    .bindTo(lib.get(null))
                    .asType(MethodType.methodType(long.class, long.class, long.class, long.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether {@link #apply} calls libtorch directly (false: DJL's clip, same result, slower). */
    public static boolean direct() {
        return CLAMP != null;
    }

    /** {@code min(max(x, lo), hi)}, a new array on {@code x}'s manager. */
    public static NDArray apply(NDArray x, float lo, float hi) {
        if (CLAMP == null || !(x instanceof PtNDArray pt)) {
            return x.clip(lo, hi);
        }
        long handle;
        try {
            handle = (long) CLAMP.invokeExact((long) pt.getHandle(), bound(lo), bound(hi));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        return new PtNDArray((PtNDManager) pt.getManager(), handle);
    }

    private static long bound(float value) {
        return BOUNDS.computeIfAbsent(value, Clamp::scalar).getHandle();
    }

    private static synchronized PtNDArray scalar(float value) {
        if (boundsManager == null) {
            boundsManager = NDManager.newBaseManager(TorchEngine.NAME);
        }
        return (PtNDArray) boundsManager.create(value);
    }
}
