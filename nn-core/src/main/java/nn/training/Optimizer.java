package nn.training;

import nn.backend.BlasMatrix;

/**
 * How a training step turns the gradient into a change of the parameters: plain gradient descent (the book's
 * chapters 1–3), momentum and Nesterov momentum (chapter 3), or Adam.
 *
 * <p>Each optimiser writes its formula once, in {@code double} arithmetic on {@link BlasMatrix} entries, over a
 * range of entries; both engines call the same code, so the batched engine still equals the looped reference.
 * What the formula is given depends on {@link #input()}:
 * <ul>
 *   <li>{@link Input#NONE}: nothing; the engine's plain step {@code w → (1 − ηλ/n) w − (η/m) Σ∇w} is the whole
 *       update ({@link #sgd()}), fused into one product as before.</li>
 *   <li>{@link Input#PREVIOUS_PARAMETERS}: the engine first takes the plain step, then calls {@link #update} with
 *       the parameters as they were before it. Their difference is −η∇C, the step the book's momentum adds to
 *       its velocity, so momentum with μ = 0 is plain gradient descent bit for bit.</li>
 *   <li>{@link Input#GRADIENT}: the engine computes the mean gradient of the regularised cost, ∇C, and the
 *       optimiser alone moves the parameters ({@link #adam()}).</li>
 * </ul>
 * An optimiser keeps {@link #stateMatrices()} matrices shaped like each parameter matrix (velocities, moments),
 * which a checkpoint saves so that a resumed run continues exactly.
 */
public interface Optimizer {

    /** What {@link #update} is given besides the parameters. */
    enum Input {
        /** Nothing: the plain gradient step is the whole update. */
        NONE,
        /** The parameters before the plain gradient step the engine has just taken. */
        PREVIOUS_PARAMETERS,
        /** ∇C, the mean gradient of the regularised cost over the mini-batch; the engine takes no step. */
        GRADIENT
    }

    /**
     * The name used on the command line and in checkpoints.
     *
     * @return a short lower-case name without hyper-parameters: {@code sgd}, {@code momentum}, {@code nesterov} or
     *         {@code adam} for the library's optimisers
     */
    String name();

    /**
     * The name with its hyper-parameters, for logs and reports.
     *
     * @return e.g. {@code "momentum (mu 0.9)"}; just the name when there are none ({@code "sgd"})
     */
    String describe();

    /**
     * What {@link #update} needs besides the parameters.
     *
     * @return which matrix the engine passes as {@code given}, and so whether it takes the plain step itself
     */
    Input input();

    /**
     * How many matrices of state, each shaped like the parameter matrix, the optimiser keeps between steps.
     *
     * @return 0 for plain gradient descent, 1 for momentum and Nesterov (the velocity v), 2 for Adam (m and v)
     */
    int stateMatrices();

    /**
     * Updates entries {@code from} (inclusive) to {@code to} (exclusive) of the parameter matrix {@code p}.
     * Entries are column-major indices ({@link BlasMatrix#get(int)}), the same in {@code p}, {@code given} and
     * every state matrix.
     *
     * @param p     one weight or bias matrix, updated in place: for {@link Input#PREVIOUS_PARAMETERS} it already
     *              holds the plain step's result on entry
     * @param given what {@link #input()} says: the parameters before the plain step, or ∇C; null for NONE
     * @param state {@link #stateMatrices()} matrices shaped like {@code p}, zero at the start of a run, updated in
     *              place
     * @param eta   this step's learning rate η
     * @param t     the number of this step in the run, from 1
     * @param from  the first entry to update, from 0
     * @param to    one past the last entry to update, at most {@code p.length()}
     */
    void update(BlasMatrix p, BlasMatrix given, BlasMatrix[] state, double eta, long t, int from, int to);

    /**
     * Plain mini-batch gradient descent, {@code network2.py}'s update.
     *
     * @return the shared stateless instance, {@link Input#NONE}
     */
    static Optimizer sgd() {
        return GradientDescent.INSTANCE;
    }

    /**
     * The book's momentum-based gradient descent: {@code v → μv − η∇C}, {@code w → w + v}.
     *
     * @param mu the momentum coefficient μ (1 − the book's friction), in [0, 1); 0 gives plain gradient descent
     * @return a new optimiser keeping one velocity matrix per parameter matrix
     * @throws IllegalArgumentException if {@code mu} is outside [0, 1) or NaN
     */
    static Optimizer momentum(double mu) {
        return new Momentum(mu, false);
    }

    /**
     * Nesterov's momentum: {@code v → μv − η∇C}, {@code w → w + μv − η∇C} (the look-ahead written forward).
     *
     * @param mu the momentum coefficient μ, in [0, 1); 0 gives plain gradient descent
     * @return a new optimiser keeping one velocity matrix per parameter matrix
     * @throws IllegalArgumentException if {@code mu} is outside [0, 1) or NaN
     */
    static Optimizer nesterov(double mu) {
        return new Momentum(mu, true);
    }

    /**
     * Adam with the usual β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
     *
     * @return a new optimiser keeping two moment matrices per parameter matrix
     */
    static Optimizer adam() {
        return new Adam(0.9, 0.999, 1e-8);
    }

    /**
     * Adam (Kingma and Ba, 2015) with the given decay rates and ε.
     *
     * @param beta1   β₁, the decay rate of the running mean of the gradient, in [0, 1)
     * @param beta2   β₂, the decay rate of the running mean of the squared gradient, in [0, 1)
     * @param epsilon ε, added to {@code √v̂} to keep the step finite, finite and above 0
     * @return a new optimiser keeping two moment matrices per parameter matrix
     * @throws IllegalArgumentException if a decay rate is outside [0, 1) or {@code epsilon} is not finite and
     *                                  positive
     */
    static Optimizer adam(double beta1, double beta2, double epsilon) {
        return new Adam(beta1, beta2, epsilon);
    }
}
