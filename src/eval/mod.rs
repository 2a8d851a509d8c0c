//! Evaluation results: a model's predictions matched to the dataset's inputs, per-concept
//! metrics, confident-learning label checks and the model's verdict.

pub mod confident;
pub mod metrics;
pub mod predictions;
