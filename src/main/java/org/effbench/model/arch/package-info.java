/**
 * The architectures of the zoo, built from readable blocks: torchvision's AlexNet, VGG-16,
 * ResNet-18/50, MobileNetV2 and SqueezeNet 1.1 layer for layer, a BERT-base encoder, a two-layer
 * LSTM and a small MLP.
 */
package org.effbench.model.arch;
