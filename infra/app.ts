/**
 * The CDK app (`npm run synth` = `cdk synth --quiet`): the hub stack, checked by cdk-nag's
 * AwsSolutions pack through CDK policy validation, so any unacknowledged finding stops the
 * synthesis with a report.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HubStack } from './hub-stack.js';

/** The stack's name (context `stackName` to deploy a second copy, e.g. staging). */
const stackNameDefault = 'JxCeHub';

const app = new App();
const stackName = (app.node.tryGetContext('stackName') as string | undefined) ?? stackNameDefault;
new HubStack(app, stackName);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
