global using PipelineGuard.Model;
global using PipelineGuard.Policy;
global using PipelineGuard.PolicyLoading;
global using Shouldly;
global using Xunit;
