import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { withContracts } from './contracts';

/** The OpenAPI document of the api: routes from the controllers, answers from libs/contracts. */
export function apiDocument(app: INestApplication): OpenAPIObject {
  return withContracts(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('SPBE Desk API')
        .setDescription(
          'Tiered IT service desk for regency governments. Errors are application/problem+json.',
        )
        .setVersion('1')
        .addBearerAuth()
        .build(),
    ),
  );
}
