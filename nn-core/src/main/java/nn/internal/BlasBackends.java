package nn.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import nn.backend.Blas;

/**
 * Finds the {@link Blas} backends once per process: the registered services that load here, then jblas. A
 * backend whose native code does not load is remembered with the reason, for {@link Blas#best()}'s notice.
 */
public final class BlasBackends {

    /** Where the fall-back notice goes: a WARNING the application's logging configuration can redirect. */
    private static final System.Logger LOG = System.getLogger(BlasBackends.class.getName());

    private static volatile Found found;
    private static final AtomicBoolean NOTICE_GIVEN = new AtomicBoolean();

    private BlasBackends() {
    }

    /** The backends that loaded and the reasons the others did not. */
    private record Found(List<Blas> loaded, List<String> failures) {
    }

    /**
     * The backends behind {@link Blas#available()}.
     *
     * @return an unmodifiable list of the registered backends that loaded, in service order, then jblas
     */
    public static List<Blas> available() {
        return find().loaded;
    }

    /**
     * The reasons behind {@link Blas#unavailable()}.
     *
     * @return an unmodifiable list, one line per registered backend that did not load; empty when all loaded
     */
    public static List<String> unavailable() {
        return find().failures;
    }

    /**
     * The backend behind {@link Blas#best()}, logging the fall-back notice once per process when jblas is chosen
     * because a registered backend failed.
     *
     * @return the first backend that loaded, jblas when no registered one did
     */
    public static Blas best() {
        Found f = find();
        Blas best = f.loaded.get(0);
        if (best == Blas.jblas() && !f.failures.isEmpty() && NOTICE_GIVEN.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "nn: " + String.join("; ", f.failures) + "; using jblas instead");
        }
        return best;
    }

    /**
     * The backend behind {@link Blas#byName(String)}.
     *
     * @param name the backend's {@link Blas#name()}, case-sensitive
     * @return the first loaded backend of that name
     * @throws IllegalArgumentException naming the available backends and why others did not load, if none has
     *                                  that name
     */
    public static Blas byName(String name) {
        for (Blas blas : find().loaded) {
            if (blas.name().equals(name)) {
                return blas;
            }
        }
        Found f = find();
        throw new IllegalArgumentException("no BLAS backend named '" + name + "': available are "
                + f.loaded.stream().map(Blas::name).collect(Collectors.joining(", "))
                + (f.failures.isEmpty() ? "" : " (" + String.join("; ", f.failures) + ")"));
    }

    private static Found find() {
        Found f = found;
        if (f == null) {
            synchronized (BlasBackends.class) {
                f = found;
                if (f == null) {
                    f = load();
                    found = f;
                }
            }
        }
        return f;
    }

    private static Found load() {
        List<Blas> loaded = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        ServiceLoader<Blas> services = ServiceLoader.load(Blas.class, BlasBackends.class.getClassLoader());
        Iterator<ServiceLoader.Provider<Blas>> providers = services.stream().iterator();
        while (true) {
            String what = "a registered BLAS backend";
            try {
                if (!providers.hasNext()) {
                    break;
                }
                ServiceLoader.Provider<Blas> provider = providers.next();
                what = provider.type().getSimpleName();
                loaded.add(provider.get());
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                // A backend whose natives do not load here (another OS or CPU) is skipped, not fatal.
                Throwable cause = e instanceof ServiceConfigurationError && e.getCause() != null ? e.getCause() : e;
                failures.add(what + " did not load (" + cause + ")");
            }
        }
        loaded.add(Blas.jblas());
        return new Found(Collections.unmodifiableList(loaded), Collections.unmodifiableList(failures));
    }
}
