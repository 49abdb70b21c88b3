package nn.training;

import nn.backend.BlasMatrix;

/** Plain gradient descent: the engine's step {@code w → (1 − ηλ/n) w − (η/m) Σ∇w} is the whole update. */
final class GradientDescent implements Optimizer {

    static final GradientDescent INSTANCE = new GradientDescent();

    private GradientDescent() {
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public String describe() {
        return "sgd";
    }

    @Override
    public Input input() {
        return Input.NONE;
    }

    @Override
    public int stateMatrices() {
        return 0;
    }

    @Override
    public void update(BlasMatrix p, BlasMatrix given, BlasMatrix[] state, double eta, long t, int from, int to) {
        // The plain step the engine took is the update.
    }

    @Override
    public String toString() {
        return describe();
    }
}
