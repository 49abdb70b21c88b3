package nn.examples;

/**
 * The settings of a training run that are not the network itself.
 *
 * @param epochs        total number of epochs (a resumed run trains the ones still missing)
 * @param miniBatchSize the mini-batch size m
 * @param eta           the learning rate η
 * @param lambda        the L2 regularisation parameter λ
 * @param engine        the backprop engine, {@code batched} or {@code looped}
 * @param seed          the seed every random choice derives from
 * @param shuffle       whether to shuffle the training data every epoch
 */
record TrainSettings(int epochs, int miniBatchSize, double eta, double lambda, String engine, long seed,
                     boolean shuffle) {
}
