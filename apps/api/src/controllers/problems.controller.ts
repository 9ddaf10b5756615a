import { Actor } from '@desk/org-auth';
import {
  CreateProblemDto,
  ListProblemsQuery,
  ProblemService,
  ProblemStatusDto,
  UpdateProblemDto,
} from '@desk/problems';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../http/auth.guard';
import { uuidParam } from '../http/params';
import { Returns } from '../openapi/contracts';

const problemId = uuidParam('Problem');

@ApiTags('problems')
@ApiBearerAuth()
@Controller('problems')
export class ProblemsController {
  constructor(private readonly problems: ProblemService) {}

  /** Also "create a problem from these tickets": `ticketIds` links them at once. */
  @Post()
  @Returns('ProblemRecord')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProblemDto) {
    return this.problems.create(actor, dto);
  }

  @Get()
  @Returns('ProblemList')
  async list(@CurrentActor() actor: Actor, @Query() query: ListProblemsQuery) {
    return { items: await this.problems.list(actor, query) };
  }

  @Get(':id')
  @Returns('ProblemRecord')
  get(@CurrentActor() actor: Actor, @Param('id', problemId) id: string) {
    return this.problems.get(actor, id);
  }

  @Patch(':id')
  @Returns('ProblemRecord')
  update(@CurrentActor() actor: Actor, @Param('id', problemId) id: string, @Body() dto: UpdateProblemDto) {
    return this.problems.update(actor, id, dto);
  }

  @Post(':id/status')
  @HttpCode(200)
  @Returns('ProblemRecord')
  status(@CurrentActor() actor: Actor, @Param('id', problemId) id: string, @Body() dto: ProblemStatusDto) {
    return this.problems.moveStatus(actor, id, dto);
  }

  /** A known error publishes its workaround as a `known_error` KB article (submitted for review). */
  @Post(':id/kb-article')
  @HttpCode(201)
  @Returns('ProblemRecord')
  publishArticle(@CurrentActor() actor: Actor, @Param('id', problemId) id: string) {
    return this.problems.publishArticle(actor, id);
  }

  @Get(':id/timeline')
  @Returns('ProblemTimeline')
  timeline(@CurrentActor() actor: Actor, @Param('id', problemId) id: string) {
    return this.problems.timeline(actor, id);
  }
}
