ALTER TYPE model ADD VALUE 'onnx-clip';
