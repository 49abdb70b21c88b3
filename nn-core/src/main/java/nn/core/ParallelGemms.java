package nn.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The shared {@link ParallelGemm} instances behind {@link Gemm#parallel(int)}, one per thread count. */
final class ParallelGemms {

    private static final ConcurrentMap<Integer, ParallelGemm> SHARED = new ConcurrentHashMap<>();

    private ParallelGemms() {
    }

    static ParallelGemm forThreads(int threads) {
        return SHARED.computeIfAbsent(threads, t -> new ParallelGemm(t, ParallelGemm.DEFAULT_MIN_WORK));
    }
}
