package example;

import java.nio.file.Path;
import nn.io.NetworkJson;
import nn.mnist.DatasetKind;
import nn.mnist.Mnist;
import nn.mnist.MnistData;
import nn.network.Network;
import nn.network.QuadraticCost;
import nn.network.WeightInit;
import nn.training.EpochResult;
import nn.training.Sgd;
import nn.training.TrainingListener;

public class GettingStarted {
    public static void main(String[] args) throws Exception {
        // MNIST from $MNIST_DIR, else ~/.cache/nn/mnist, else downloaded and verified:
        // 50,000 training, 10,000 validation and 10,000 test images, as in the book.
        MnistData mnist = Mnist.locateAndLoad(DatasetKind.MNIST, null);

        // The book's network.py run: [784, 30, 10], sigmoid, quadratic cost, 30 epochs, m = 10, eta = 3.0.
        Network net = Network.builder(784, 30, 10)
                .cost(QuadraticCost.INSTANCE)
                .init(WeightInit.SCALED)
                .seed(1)
                .build();
        Sgd sgd = Sgd.builder()
                .epochs(30).miniBatchSize(10).eta(3.0).lambda(0.0)
                .monitorEvaluationAccuracy(true)
                .listener(new TrainingListener() {
                    @Override
                    public void epochEnded(EpochResult epoch) {
                        System.out.printf("Epoch %d: %d / %d%n", epoch.epoch(), epoch.evaluationAccuracy(),
                                epoch.evaluationSize());
                    }
                })
                .build();
        sgd.train(net, mnist.training(), mnist.validation());

        int correct = net.accuracy(mnist.test());
        System.out.printf("test accuracy: %d / %d%n", correct, mnist.test().size());

        // Saved in network2.py's JSON format: network2.load() reads it, and the reverse.
        Path file = Path.of("model.json");
        NetworkJson.save(net, file);
        Network loaded = NetworkJson.load(file);
        System.out.printf("loaded from %s: %d / %d%n", file, loaded.accuracy(mnist.test()), mnist.test().size());
    }
}
