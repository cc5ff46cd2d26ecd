"""Speed of linting a CDK TypeScript app, as a ratio to tree-sitter parsing the same files
alone, measured in the same run.

    python benchmarks/bench_typescript.py [--files 500] [--repeat 7] [--share 0.05]

N generated .ts files of a CDK app: 5% define a SageMaker endpoint (CDK L1 ``CfnEndpoint``
with its ``CfnEndpointConfig``, CDKTF ``SagemakerEndpoint``, Pulumi ``aws.sagemaker.Endpoint``
in turn, values through ``const`` helpers and spreads), the others are stacks of the same size
(Lambda functions, buckets, queues) that never name an endpoint. smlint reads every file and
parses only those naming an endpoint construct; the baseline reads and parses every file
with tree-sitter's TypeScript grammar.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
if not os.environ.get("PYTHONPATH"):  # (else the smlint it names: compare_speed.py times two)
    sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

from bench import best_of  # noqa: E402


def endpoint_stack(rng: random.Random, index: int) -> str:
    wait = rng.choice([0, 60, 300, 600])
    value = rng.choice([10, 20, 33, 60])
    flavour = index % 3
    policy = f"""{{
      blueGreenUpdatePolicy: {{
        trafficRoutingConfiguration: {{ type: 'CANARY', canarySize: canary, ...bake }},
        maximumExecutionTimeoutInSeconds: {rng.choice([600, 1800, 3600])},
        terminationWaitInSeconds: {rng.choice([0, 300, 600])},
      }},
      autoRollbackConfiguration: {{ alarms: [{{ alarmName: 'model-{index}-5xx' }}] }},
    }}"""
    helpers = f"""const canary = {{ type: 'CAPACITY_PERCENT', value: {value} }};
const bake = {{ waitIntervalInSeconds: {wait} }};
"""
    if flavour == 0:
        return f"""import * as cdk from 'aws-cdk-lib';
import {{ aws_sagemaker as sagemaker }} from 'aws-cdk-lib';
import {{ Construct }} from 'constructs';

{helpers}
export class Serving{index}Stack extends cdk.Stack {{
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {{
    super(scope, id, props);
    const config = new sagemaker.CfnEndpointConfig(this, 'Config', {{
      productionVariants: [{{ variantName: 'main', modelName: 'model-{index}', initialInstanceCount: {rng.randint(1, 8)}, instanceType: 'ml.m5.xlarge' }}],
    }});
    new sagemaker.CfnEndpoint(this, 'Endpoint', {{
      endpointConfigName: config.attrEndpointConfigName,
      deploymentConfig: {policy},
    }});
  }}
}}
"""
    if flavour == 1:
        return f"""import {{ Construct }} from 'constructs';
import {{ TerraformStack }} from 'cdktf';
import {{ SagemakerEndpoint }} from '@cdktf/provider-aws/lib/sagemaker-endpoint';

{helpers}
export class Serving{index} extends TerraformStack {{
  constructor(scope: Construct, id: string) {{
    super(scope, id);
    new SagemakerEndpoint(this, 'endpoint', {{
      name: 'model-{index}',
      endpointConfigName: 'model-{index}-v{rng.randint(1, 99)}',
      deploymentConfig: {policy},
    }});
  }}
}}
"""
    return f"""import * as aws from '@pulumi/aws';

{helpers}
export const endpoint{index} = new aws.sagemaker.Endpoint('model-{index}', {{
  endpointConfigName: 'model-{index}-v{rng.randint(1, 99)}',
  deploymentConfig: {policy},
}});
"""


def other_stack(rng: random.Random, index: int) -> str:
    """A stack of about the same size that names no endpoint."""
    memory = rng.choice([128, 256, 512, 1024])
    return f"""import * as cdk from 'aws-cdk-lib';
import {{ aws_lambda as lambda, aws_s3 as s3, aws_sqs as sqs }} from 'aws-cdk-lib';
import {{ Construct }} from 'constructs';

const settings = {{ memorySize: {memory}, timeout: cdk.Duration.seconds({rng.randint(3, 900)}) }};

export class Worker{index}Stack extends cdk.Stack {{
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {{
    super(scope, id, props);
    const bucket = new s3.Bucket(this, 'Data', {{ versioned: true, encryption: s3.BucketEncryption.S3_MANAGED }});
    const queue = new sqs.Queue(this, 'Jobs', {{ visibilityTimeout: cdk.Duration.seconds(300) }});
    const fn = new lambda.Function(this, 'Worker', {{
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('lambda/worker-{index}'),
      environment: {{ BUCKET: bucket.bucketName, QUEUE: queue.queueUrl }},
      ...settings,
    }});
    bucket.grantReadWrite(fn);
    queue.grantConsumeMessages(fn);
  }}
}}
"""


def generate(folder: str, count: int, share: float = 0.05) -> tuple:
    rng = random.Random(7)
    paths, with_endpoints = [], 0
    every = max(1, round(1 / share))
    for index in range(count):
        has = index % every == 0
        with_endpoints += has
        text = endpoint_stack(rng, index) if has else other_stack(rng, index)
        path = os.path.join(folder, f"stack_{index:04d}.ts")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        paths.append(path)
    return paths, with_endpoints


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--share", type=float, default=0.05, help="the share of files with an endpoint")
    args = parser.parse_args()

    import tree_sitter
    import tree_sitter_typescript

    from smlint.runner import Linter, Options

    linter = Linter(Options())
    ts_parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_typescript.language_typescript()))
    with tempfile.TemporaryDirectory() as folder:
        paths, with_endpoints = generate(folder, args.files, args.share)
        report = linter.lint_paths([folder])  # warm-up: imports, rule files, validators, grammar
        assert report.requests == with_endpoints and not report.failures, (report.requests, report.failures)

        def parse_all():
            for path in paths:
                with open(path, "rb") as fh:
                    ts_parser.parse(fh.read())

        t_lint, t_parse = best_of(
            args.repeat, lambda: Linter(Options(), rules=linter.rules).lint_paths([folder]), parse_all
        )
    n = args.files
    print(
        f"{n} TypeScript files ({with_endpoints} with an endpoint, {report.requests} requests linted, "
        f"{len(report.findings)} findings)"
    )
    print(f"  smlint check          {t_lint * 1000:8.1f} ms  {n / t_lint:8.0f} files/s")
    print(f"  tree-sitter parse     {t_parse * 1000:8.1f} ms  {n / t_parse:8.0f} files/s")
    print(f"  ratio smlint / tree-sitter parse: {t_lint / t_parse:.2f}")


if __name__ == "__main__":
    main()
