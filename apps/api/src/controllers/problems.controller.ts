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

const problemId = uuidParam('Problem');

@ApiTags('problems')
@ApiBearerAuth()
@Controller('problems')
export class ProblemsController {
  constructor(private readonly problems: ProblemService) {}

  /** Also "create a problem from these tickets": `ticketIds` links them at once. */
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProblemDto) {
    return this.problems.create(actor, dto);
  }

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() query: ListProblemsQuery) {
    return { items: await this.problems.list(actor, query) };
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', problemId) id: string) {
    return this.problems.get(actor, id);
  }

  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', problemId) id: string, @Body() dto: UpdateProblemDto) {
    return this.problems.update(actor, id, dto);
  }

  @Post(':id/status')
  @HttpCode(200)
  status(@CurrentActor() actor: Actor, @Param('id', problemId) id: string, @Body() dto: ProblemStatusDto) {
    return this.problems.moveStatus(actor, id, dto);
  }

  @Get(':id/timeline')
  timeline(@CurrentActor() actor: Actor, @Param('id', problemId) id: string) {
    return this.problems.timeline(actor, id);
  }
}
