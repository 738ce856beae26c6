package org.sscard.fuzz;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.Lifespan;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.Store;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * How long a fuzz property runs (register it with {@code @AddLifecycleHook(FuzzBudget.class)}). In the build: the
 * tries its {@code @Property} names, from the fixed seed {@link #SEED}, so the run is the same every time. Under
 * {@code scripts/fuzz} (system property {@value #SECONDS}): as many tries as fit in that many seconds, from a fresh
 * random seed. Either way each property prints one line with its tries, time and seed (rerun a failure with
 * {@code @Property(seed = ...)}), and every try must end within {@link #HANG_LIMIT}: one that does not fails the
 * property as a hang.
 */
public final class FuzzBudget implements AroundPropertyHook, AroundTryHook {
    public static final String SEED = "20261206";
    public static final String SECONDS = "sscard.fuzz.seconds";
    static final Duration HANG_LIMIT = Duration.ofSeconds(10);
    private static final Object DEADLINE = new Object();
    private static final ExecutorService TRIES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-try");
        t.setDaemon(true);
        return t;
    });

    /** Registered on a test class, the budget applies to each of its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        long seconds = Long.getLong(SECONDS, 0);
        long start = System.nanoTime();
        Store.create(DEADLINE, Lifespan.PROPERTY, () -> seconds > 0 ? start + TimeUnit.SECONDS.toNanos(seconds) : null);
        if (seconds > 0) {
            context.attributes().setTries(Integer.MAX_VALUE);
            context.attributes().setSeed(Long.toString(new SecureRandom().nextLong()));
        } else if (context.attributes().seed().isEmpty()) {
            context.attributes().setSeed(SEED);
        }
        PropertyExecutionResult result = property.execute();
        System.out.printf("fuzz %s.%s: %d tries in %.1f s, seed %s, %s%n", context.containerClass().getSimpleName(),
                context.targetMethod().getName(), result.countTries(), (System.nanoTime() - start) / 1e9,
                result.seed().orElse("?"), result.status());
        return result;
    }

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters)
            throws Throwable {
        Future<TryExecutionResult> running = TRIES.submit(() -> aTry.execute(parameters));
        TryExecutionResult result;
        try {
            result = running.get(HANG_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            return TryExecutionResult.falsified(new AssertionError("the try did not end within "
                    + HANG_LIMIT.toSeconds() + " s (a hang) for " + parameters));
        } catch (ExecutionException e) {
            throw e.getCause();
        }
        if (result.isSatisfied() && pastDeadline()) {
            return TryExecutionResult.satisfied(true);
        }
        return result;
    }

    private static boolean pastDeadline() {
        Long deadline = Store.<Long>get(DEADLINE).get();
        return deadline != null && System.nanoTime() - deadline > 0;
    }
}
